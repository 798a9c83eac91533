; Inno Setup script: installs the PyInstaller folder dist\SchoolJournal.
; The school's data lives in %LOCALAPPDATA%\SchoolJournal and is never touched here.
#define AppVersion GetEnv("SCHOOL_JOURNAL_VERSION")
#if AppVersion == ""
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{5B0E8E9A-2F3C-4E7B-9C51-6A1D0C2E7F10}
AppName=Школьный журнал
AppVersion={#AppVersion}
AppPublisher=School Journal
DefaultDirName={autopf}\SchoolJournal
DefaultGroupName=Школьный журнал
OutputBaseFilename=SchoolJournal-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[InstallDelete]
; Stale files of an older version must not shadow new ones in the onedir folder.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\SchoolJournal\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Школьный журнал"; Filename: "{app}\SchoolJournal.exe"
Name: "{autodesktop}\Школьный журнал"; Filename: "{app}\SchoolJournal.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Создать значок на рабочем столе"; GroupDescription: "Значки:"

[Run]
Filename: "{app}\SchoolJournal.exe"; Description: "Запустить программу"; Flags: nowait postinstall skipifsilent
