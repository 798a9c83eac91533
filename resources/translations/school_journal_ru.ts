<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>AccountBatchPage</name>
    <message>
        <source>Accounts for everyone who has none yet. Choose whom, check the suggested logins, then create the accounts: one-time passwords are issued and the login slips (a sheet per class) are saved as a PDF to print and hand out.</source>
        <translation>Учётные записи для всех, у кого их ещё нет. Выберите, для кого, проверьте предложенные логины и создайте записи: будут выданы одноразовые пароли, а бланки входа (по листу на класс) сохранятся в PDF для печати и раздачи.</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Человек</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Класс</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>One-time password</source>
        <translation>Одноразовый пароль</translation>
    </message>
    <message>
        <source>Search by name or login</source>
        <translation>Поиск по имени или логину</translation>
    </message>
    <message>
        <source>students</source>
        <translation>ученики</translation>
    </message>
    <message>
        <source>parents</source>
        <translation>родители</translation>
    </message>
    <message>
        <source>staff</source>
        <translation>сотрудники</translation>
    </message>
    <message>
        <source>&amp;Create accounts and print slips…</source>
        <translation>&amp;Создать записи и напечатать бланки…</translation>
    </message>
    <message>
        <source>Save the slips &amp;again…</source>
        <translation>Сохранить бланки &amp;ещё раз…</translation>
    </message>
    <message>
        <source>Whole school</source>
        <translation>Вся школа</translation>
    </message>
    <message>
        <source>Grade %1 (all classes)</source>
        <translation>%1-е классы (все)</translation>
    </message>
    <message>
        <source>Class %1</source>
        <translation>%1 класс</translation>
    </message>
    <message>
        <source>&amp;Create %1 accounts and print slips…</source>
        <translation>&amp;Создать (%1) и напечатать бланки…</translation>
    </message>
    <message>
        <source>Everyone here has an account</source>
        <translation>У всех уже есть учётные записи</translation>
    </message>
    <message>
        <source>Creating accounts and writing their keys…</source>
        <translation>Создание учётных записей и их ключей…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Учётные записи</translation>
    </message>
    <message>
        <source>%1 accounts were created, but the slips could not be saved (%2). Their passwords are in the table: save the slips again to another place before closing this window.</source>
        <translation>Учётные записи созданы (%1), но бланки сохранить не удалось (%2). Пароли показаны в таблице: сохраните бланки ещё раз в другое место, прежде чем закрыть это окно.</translation>
    </message>
    <message>
        <source>Creating accounts…</source>
        <translation>Создание учётных записей…</translation>
    </message>
    <message>
        <source>Preparing login slips…</source>
        <translation>Подготовка бланков входа…</translation>
    </message>
</context>
<context>
    <name>Accounts</name>
    <message>
        <source>created</source>
        <translation>создана</translation>
    </message>
    <message>
        <source>activated</source>
        <translation>активирована</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>отключена</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Владелец</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Class / position</source>
        <translation>Класс / должность</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Последний вход</translation>
    </message>
    <message>
        <source>One-time password</source>
        <translation>Одноразовый пароль</translation>
    </message>
    <message>
        <source>Save login slips</source>
        <translation>Сохранить листки с логинами</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Файлы PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>AccountsWindow</name>
    <message>
        <source>All roles</source>
        <translation>Все роли</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Любое состояние</translation>
    </message>
    <message>
        <source>Loading accounts…</source>
        <translation>Загрузка учётных записей…</translation>
    </message>
    <message>
        <source>%1 accounts, %2 activated. One-time passwords issued in this window: %3.</source>
        <translation>Учётных записей: %1, активировано: %2. Выдано одноразовых паролей в этом окне: %3.</translation>
    </message>
    <message>
        <source>The one-time password for %1 is %2. Print a login slip for the user; the password is not stored anywhere.</source>
        <translation>Одноразовый пароль для %1: %2. Распечатайте листок с логином для пользователя: пароль нигде не сохраняется.</translation>
    </message>
    <message>
        <source>Students&apos; and parents&apos; accounts have a fixed role.</source>
        <translation>У учётных записей учеников и родителей роль не меняется.</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Изменить роль</translation>
    </message>
    <message>
        <source>New role for %1:</source>
        <translation>Новая роль для %1:</translation>
    </message>
    <message>
        <source>Issue a new one-time password for %1? The current password stops working at once.</source>
        <translation>Выдать новый одноразовый пароль для %1? Нынешний пароль сразу перестанет действовать.</translation>
    </message>
    <message>
        <source>Select the accounts to print slips for (or create accounts first).</source>
        <translation>Выберите учётные записи, для которых нужно напечатать листки (или сначала создайте их).</translation>
    </message>
    <message>
        <source>New one-time passwords will be issued for %1 account(s) to print them; their current passwords stop working. Continue?</source>
        <translation>Для печати будут выданы новые одноразовые пароли (учётных записей: %1); нынешние пароли перестанут действовать. Продолжить?</translation>
    </message>
    <message>
        <source>Preparing login slips…</source>
        <translation>Подготовка листков с логинами…</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Учётные записи</translation>
    </message>
    <message>
        <source>Search by login or name</source>
        <translation>Поиск по логину или фамилии</translation>
    </message>
    <message>
        <source>&amp;New account…</source>
        <translation>&amp;Новая учётная запись…</translation>
    </message>
    <message>
        <source>Change &amp;role…</source>
        <translation>Изменить &amp;роль…</translation>
    </message>
    <message>
        <source>Reset &amp;password</source>
        <translation>Сбросить &amp;пароль</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>&amp;Отключить</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>&amp;Включить</translation>
    </message>
    <message>
        <source>Print login &amp;slips…</source>
        <translation>Напечатать &amp;листки…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Закрыть</translation>
    </message>
    <message>
        <source>Disable %1 account(s)? Nobody will be able to sign in with them, and their passwords stop working at once.</source>
        <translation>Отключить учётные записи (%1)? Войти с ними будет нельзя, их пароли сразу перестанут действовать.</translation>
    </message>
    <message>
        <source>%1 account(s) enabled with new one-time passwords (shown in the list until the window is closed). Print login slips for the users.</source>
        <translation>Учётные записи включены (%1) с новыми одноразовыми паролями (они видны в списке, пока окно открыто). Распечатайте пользователям листки со входом.</translation>
    </message>
</context>
<context>
    <name>ActivityChart</name>
    <message>
        <source>Planning</source>
        <translation>Планирование</translation>
    </message>
    <message>
        <source>Journal keeping</source>
        <translation>Ведение журнала</translation>
    </message>
    <message>
        <source>Online keeping</source>
        <translation>Онлайн-ведение</translation>
    </message>
    <message>
        <source>Unique sign-ins</source>
        <translation>Уникальные входы</translation>
    </message>
    <message>
        <source>Show the weekly history</source>
        <translation>Показать историю по неделям</translation>
    </message>
    <message>
        <source>Activity indicators by week, %</source>
        <translation>Показатели активности по неделям, %</translation>
    </message>
    <message>
        <source>Reading the weeks since the start of the year…</source>
        <translation>Читаются недели с начала учебного года…</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source>This computer has joined the school. Sign in with your school login and password.</source>
        <translation>Компьютер подключён к школе. Войдите под своей учётной записью школы.</translation>
    </message>
    <message>
        <source>Creating the demo school (about a minute)…</source>
        <translation>Создаётся демонстрационная школа (около минуты)…</translation>
    </message>
    <message>
        <source>School Journal</source>
        <translation>Школьный журнал</translation>
    </message>
    <message>
        <source>The saved sign-in could not be read: the system keyring is not available. Sign in with your password.</source>
        <translation>Не удалось прочитать сохранённый вход: системное хранилище паролей недоступно. Войдите с паролем.</translation>
    </message>
    <message>
        <source>This computer could not remember you: the system keyring is not available. Next time, sign in with your password.</source>
        <translation>Этот компьютер не смог запомнить вход: системное хранилище паролей недоступно. В следующий раз войдите с паролем.</translation>
    </message>
    <message>
        <source>The password has been changed.</source>
        <translation>Пароль изменён.</translation>
    </message>
    <message>
        <source>Sign in again to continue.</source>
        <translation>Чтобы продолжить, войдите снова.</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>Восстановление…</translation>
    </message>
</context>
<context>
    <name>ArchiveTab</name>
    <message>
        <source>At the year&apos;s end: every class journal and summary sheet (PDF, XLSX) and the year&apos;s change log, with an inventory signed by the school&apos;s key. Journals are kept 5 years, summary sheets 25. The archive folder: %1</source>
        <translation>В конце года: все классные журналы и сводные ведомости (PDF, XLSX) и журнал изменений за год, с описью, подписанной ключом школы. Журналы хранятся 5 лет, сводные ведомости — 25. Папка архива: %1</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Учебный год</translation>
    </message>
    <message>
        <source>Journals kept until</source>
        <translation>Журналы хранить до</translation>
    </message>
    <message>
        <source>Summary sheets kept until</source>
        <translation>Ведомости хранить до</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Build this year&apos;s archive</source>
        <translation>Собрать архив текущего года</translation>
    </message>
    <message>
        <source>Verify the archives</source>
        <translation>Проверить архивы</translation>
    </message>
    <message>
        <source>Act of destruction…</source>
        <translation>Акт на уничтожение…</translation>
    </message>
    <message>
        <source>Lists the archived documents whose storage term has ended in the act for the commission and the director to sign; nothing is deleted</source>
        <translation>Составляет акт о выделении к уничтожению документов архива с истёкшим сроком хранения — на подпись комиссии и утверждение директору; ничего не удаляется</translation>
    </message>
    <message>
        <source>signature and every file verified</source>
        <translation>подпись и все файлы проверены</translation>
    </message>
    <message>
        <source>retention ended: %1</source>
        <translation>срок хранения истёк: %1</translation>
    </message>
    <message>
        <source>No yearly archive yet.</source>
        <translation>Годового архива пока нет.</translation>
    </message>
    <message>
        <source>Save the act of destruction</source>
        <translation>Сохранить акт о выделении к уничтожению</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Документы PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The act is saved: %1</source>
        <translation>Акт сохранён: %1</translation>
    </message>
    <message>
        <source>Writing the act…</source>
        <translation>Составление акта…</translation>
    </message>
    <message>
        <source>The archive is saved: %1 (%2 files).</source>
        <translation>Архив сохранён: %1 (файлов: %2).</translation>
    </message>
    <message>
        <source>Building the yearly archive…</source>
        <translation>Сборка годового архива…</translation>
    </message>
</context>
<context>
    <name>AssignmentsPage</name>
    <message>
        <source>Class</source>
        <translation>Класс</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>whole class</source>
        <translation>весь класс</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Предмет</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>Учитель</translation>
    </message>
    <message>
        <source>Hours a week</source>
        <translation>Часов в неделю</translation>
    </message>
    <message>
        <source>Search by class, subject or teacher</source>
        <translation>Поиск по классу, предмету или учителю</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Добавить…</translation>
    </message>
    <message>
        <source>&amp;Teacher or hours…</source>
        <translation>&amp;Учитель или часы…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Удалить</translation>
    </message>
    <message>
        <source>Load per teacher</source>
        <translation>Нагрузка учителей</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Часов</translation>
    </message>
    <message>
        <source>Journals</source>
        <translation>Журналов</translation>
    </message>
    <message>
        <source>The teaching load of the %1 school year. Each line is a journal: its teacher keeps it.</source>
        <translation>Учебная нагрузка на %1 учебный год. Каждая строка — журнал, который ведёт её учитель.</translation>
    </message>
    <message>
        <source>There is no school year yet: create it first.</source>
        <translation>Учебного года ещё нет: сначала создайте его.</translation>
    </message>
    <message>
        <source>Add the school year and its classes first.</source>
        <translation>Сначала добавьте учебный год и его классы.</translation>
    </message>
    <message>
        <source>Add the subjects first.</source>
        <translation>Сначала добавьте предметы.</translation>
    </message>
    <message>
        <source>New teaching assignment</source>
        <translation>Новая нагрузка</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Класс:</translation>
    </message>
    <message>
        <source>Group:</source>
        <translation>Группа:</translation>
    </message>
    <message>
        <source>— the whole class —</source>
        <translation>— весь класс —</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Предмет:</translation>
    </message>
    <message>
        <source>Teacher:</source>
        <translation>Учитель:</translation>
    </message>
    <message>
        <source>Hours a week:</source>
        <translation>Часов в неделю:</translation>
    </message>
    <message>
        <source>Giving the journal to another teacher keeps its lessons and marks.</source>
        <translation>При передаче журнала другому учителю его уроки и отметки сохраняются.</translation>
    </message>
    <message>
        <source>Remove the assignment %1 — %2 (%3)? Its timetable entries and plan are removed too; an assignment with lessons cannot be removed.</source>
        <translation>Удалить нагрузку %1 — %2 (%3)? Её строки расписания и КТП тоже удалятся; нагрузку, по которой уже есть уроки, удалить нельзя.</translation>
    </message>
</context>
<context>
    <name>AveragesChart</name>
    <message>
        <source>Average mark by subject</source>
        <translation>Средний балл по предметам</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>Сравнить с предметом:</translation>
    </message>
    <message>
        <source>Average mark by month</source>
        <translation>Средний балл по месяцам</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Средний балл</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>(не выбран)</translation>
    </message>
    <message>
        <source>All subjects</source>
        <translation>Все предметы</translation>
    </message>
</context>
<context>
    <name>BackupWindow</name>
    <message>
        <source>Yearly archive</source>
        <translation>Годовой архив</translation>
    </message>
    <message>
        <source>Every day, also copy to:</source>
        <translation>Каждый день копировать также в:</translation>
    </message>
    <message>
        <source>a network folder or a USB disk</source>
        <translation>сетевая папка или USB-диск</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>While someone is signed in on this computer, a copy is made once a day; the last %1 daily copies are kept.</source>
        <translation>Пока на этом компьютере кто-то работает, копия делается раз в день; хранятся последние %1 ежедневных копий.</translation>
    </message>
    <message>
        <source>Folder for the daily copies</source>
        <translation>Папка для ежедневных копий</translation>
    </message>
    <message>
        <source>data replaced by a restore</source>
        <translation>данные, заменённые восстановлением</translation>
    </message>
    <message>
        <source>before a program update</source>
        <translation>перед обновлением программы</translation>
    </message>
    <message>
        <source>backup</source>
        <translation>резервная копия</translation>
    </message>
    <message>
        <source>Backups and integrity</source>
        <translation>Резервные копии и целостность</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Резервные копии</translation>
    </message>
    <message>
        <source>Integrity check</source>
        <translation>Проверка целостности</translation>
    </message>
    <message>
        <source>Backups are kept in %1 (and in the daily folder).</source>
        <translation>Резервные копии хранятся в папке %1 (и в папке ежедневных копий).</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Создана</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Размер</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Создать копию сейчас</translation>
    </message>
    <message>
        <source>Restore from the selected backup…</source>
        <translation>Восстановить из выбранной копии…</translation>
    </message>
    <message>
        <source>Check the backups again</source>
        <translation>Проверить копии ещё раз</translation>
    </message>
    <message>
        <source>The check reads every page of the database file (its encryption checksums) and walks the change log: each entry carries a checksum of the one before it, so an entry changed or deleted outside the program is found.</source>
        <translation>Проверка читает каждую страницу файла базы данных (контрольные суммы шифрования) и проходит журнал изменений: каждая запись хранит контрольную сумму предыдущей, поэтому запись, изменённая или удалённая не программой, будет найдена.</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>Проверить сейчас</translation>
    </message>
    <message>
        <source>Checking the backups…</source>
        <translation>Проверка резервных копий…</translation>
    </message>
    <message>
        <source>sound</source>
        <translation>исправна</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>повреждена</translation>
    </message>
    <message>
        <source>There is no sound backup yet: make one now.</source>
        <translation>Исправных резервных копий пока нет: создайте копию сейчас.</translation>
    </message>
    <message>
        <source>Last sound backup: %1.</source>
        <translation>Последняя исправная копия: %1.</translation>
    </message>
    <message>
        <source>The backup is saved: %1.</source>
        <translation>Резервная копия сохранена: %1.</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>Создание резервной копии…</translation>
    </message>
    <message>
        <source>Restore the school&apos;s data from the backup of %1? Everything entered after it is replaced (the current data is kept in the backups folder as «before-restore»). The program closes the database; sign in again afterwards.</source>
        <translation>Восстановить данные школы из резервной копии от %1? Всё, что внесено после неё, будет заменено (текущие данные сохранятся в папке копий как «before-restore»). Программа закроет базу данных; затем войдите снова.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Восстановление</translation>
    </message>
    <message>
        <source>Your password (%1), to open the backup:</source>
        <translation>Ваш пароль (%1), чтобы открыть резервную копию:</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Проверка…</translation>
    </message>
    <message>
        <source>Checking the database…</source>
        <translation>Проверка базы данных…</translation>
    </message>
    <message>
        <source>Restore the data from this backup now?</source>
        <translation>Восстановить данные из этой копии сейчас?</translation>
    </message>
    <message>
        <source>Sign in again to continue.</source>
        <translation>Чтобы продолжить, войдите снова.</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>Восстановление…</translation>
    </message>
</context>
<context>
    <name>BellDialog</name>
    <message>
        <source>The lesson must end after it starts.</source>
        <translation>Урок должен заканчиваться позже, чем начинается.</translation>
    </message>
    <message>
        <source>Bells for a lesson</source>
        <translation>Звонки на урок</translation>
    </message>
    <message>
        <source>Lesson number:</source>
        <translation>Номер урока:</translation>
    </message>
    <message>
        <source>Starts at:</source>
        <translation>Начало:</translation>
    </message>
    <message>
        <source>HH:mm</source>
        <translation>HH:mm</translation>
    </message>
    <message>
        <source>Ends at:</source>
        <translation>Окончание:</translation>
    </message>
</context>
<context>
    <name>CellEditor</name>
    <message>
        <source>Cell</source>
        <translation>Клетка</translation>
    </message>
    <message>
        <source>Comment for parents</source>
        <translation>Комментарий для родителей</translation>
    </message>
    <message>
        <source>Work type %1</source>
        <translation>Вид работы %1</translation>
    </message>
    <message>
        <source>Weight %1</source>
        <translation>Вес %1</translation>
    </message>
    <message>
        <source>Comment %1</source>
        <translation>Комментарий %1</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>At least %1 characters; it must not contain your login.</source>
        <translation>Не короче %1 символов; пароль не должен содержать ваш логин.</translation>
    </message>
    <message>
        <source>You signed in with a one-time password. Choose your own password to continue; only you will know it.</source>
        <translation>Вы вошли с одноразовым паролем. Чтобы продолжить, придумайте свой пароль — его будете знать только вы.</translation>
    </message>
    <message>
        <source>Enter your current password and a new one.</source>
        <translation>Введите текущий пароль и новый.</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>Новые пароли не совпадают.</translation>
    </message>
    <message>
        <source>Saving the new password…</source>
        <translation>Сохранение нового пароля…</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Смена пароля</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>Текущий пароль:</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>Новый пароль:</translation>
    </message>
    <message>
        <source>Repeat the new password:</source>
        <translation>Повторите новый пароль:</translation>
    </message>
</context>
<context>
    <name>ClassConsentsWindow</name>
    <message>
        <source>Parents&apos; consents — %1</source>
        <translation>Согласия родителей — %1</translation>
    </message>
    <message>
        <source>Parents of class %1. Register the consent a parent has signed, with the paper&apos;s reference: the parent&apos;s diary opens from that date.</source>
        <translation>Родители учеников %1 класса. Зарегистрируйте подписанное родителем согласие с реквизитами документа: с этой даты родителю откроется дневник.</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Закрыть</translation>
    </message>
</context>
<context>
    <name>ClassesPage</name>
    <message>
        <source>Class</source>
        <translation>Класс</translation>
    </message>
    <message>
        <source>Class teacher</source>
        <translation>Классный руководитель</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Кабинет</translation>
    </message>
    <message>
        <source>Students</source>
        <translation>Учеников</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Группы</translation>
    </message>
    <message>
        <source>Search by class or class teacher</source>
        <translation>Поиск по классу или классному руководителю</translation>
    </message>
    <message>
        <source>&amp;Add class…</source>
        <translation>&amp;Добавить класс…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>Groups of the selected class</source>
        <translation>Группы выбранного класса</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Students now</source>
        <translation>Учеников сейчас</translation>
    </message>
    <message>
        <source>Add &amp;group…</source>
        <translation>Добавить &amp;группу…</translation>
    </message>
    <message>
        <source>&amp;Rename group…</source>
        <translation>&amp;Переименовать группу…</translation>
    </message>
    <message>
        <source>Students in &amp;groups…</source>
        <translation>Состав &amp;групп…</translation>
    </message>
    <message>
        <source>There is no school year yet: create it first (school year and study periods), then add its classes here.</source>
        <translation>Учебного года ещё нет: сначала создайте его (учебный год и периоды), затем добавьте здесь его классы.</translation>
    </message>
    <message>
        <source>Classes of the %1 school year. A class is a grade and a Russian letter («5 «А»»); its groups are parts taught separately.</source>
        <translation>Классы %1 учебного года. Класс — это параллель и русская буква («5 «А»»); группы — части класса, которые учатся отдельно.</translation>
    </message>
    <message>
        <source>Groups of %1</source>
        <translation>Группы %1 класса</translation>
    </message>
    <message>
        <source>Select a class to see its groups.</source>
        <translation>Выберите класс, чтобы увидеть его группы.</translation>
    </message>
    <message>
        <source>— not appointed —</source>
        <translation>— не назначен —</translation>
    </message>
    <message>
        <source>The letter is Russian: «А», «Б», … (a Latin «A» is refused, so the same class is never entered twice).</source>
        <translation>Буква — русская: «А», «Б», … (латинская «A» не принимается, чтобы один класс не был внесён дважды).</translation>
    </message>
    <message>
        <source>Grade:</source>
        <translation>Параллель:</translation>
    </message>
    <message>
        <source>Letter:</source>
        <translation>Буква:</translation>
    </message>
    <message>
        <source>Class teacher:</source>
        <translation>Классный руководитель:</translation>
    </message>
    <message>
        <source>Room:</source>
        <translation>Кабинет:</translation>
    </message>
    <message>
        <source>Create the school year first.</source>
        <translation>Сначала создайте учебный год.</translation>
    </message>
    <message>
        <source>New class</source>
        <translation>Новый класс</translation>
    </message>
    <message>
        <source>Class %1</source>
        <translation>%1 класс</translation>
    </message>
    <message>
        <source>New group of %1</source>
        <translation>Новая группа %1 класса</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>e.g. «Английский, 1 гр.»</source>
        <translation>например, «Английский, 1 гр.»</translation>
    </message>
    <message>
        <source>Select the group to rename.</source>
        <translation>Выберите группу, которую нужно переименовать.</translation>
    </message>
    <message>
        <source>Rename group</source>
        <translation>Переименование группы</translation>
    </message>
</context>
<context>
    <name>Computers</name>
    <message>
        <source>administration</source>
        <translation>администрация</translation>
    </message>
    <message>
        <source>classroom</source>
        <translation>учебный кабинет</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>отключён</translation>
    </message>
    <message>
        <source>code issued, valid until %1</source>
        <translation>код выдан, действует до %1</translation>
    </message>
    <message>
        <source>request received: accept it</source>
        <translation>запрос получен — примите его</translation>
    </message>
    <message>
        <source>active (this computer)</source>
        <translation>подключён (этот компьютер)</translation>
    </message>
    <message>
        <source>active</source>
        <translation>подключён</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>ещё не был</translation>
    </message>
    <message>
        <source>%1, no changes yet</source>
        <translation>%1, изменений ещё нет</translation>
    </message>
    <message>
        <source>%1, change no. %2</source>
        <translation>%1, изменение № %2</translation>
    </message>
</context>
<context>
    <name>ComputersPanel</name>
    <message>
        <source>Computer</source>
        <translation>Компьютер</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Подключён</translation>
    </message>
    <message>
        <source>Last seen on the share</source>
        <translation>Последний раз на общей папке</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Connect a computer…</source>
        <translation>Подключить компьютер…</translation>
    </message>
    <message>
        <source>Accept requests</source>
        <translation>Принять запросы</translation>
    </message>
    <message>
        <source>Cancel the code</source>
        <translation>Отменить код</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Отключить…</translation>
    </message>
    <message>
        <source>Connected: %1. They load the school now and can be signed in to with the school&apos;s logins.</source>
        <translation>Подключено: %1. Компьютер загружает данные школы; входить на нём можно под учётными записями школы.</translation>
    </message>
    <message>
        <source>No request with a valid code is waiting. A request made with a wrong or expired code was answered: that computer says so.</source>
        <translation>Запросов с действующим кодом нет. Запрос с неверным или просроченным кодом получил ответ — новый компьютер сообщит об этом.</translation>
    </message>
    <message>
        <source>Accepting requests…</source>
        <translation>Приём запросов…</translation>
    </message>
    <message>
        <source>Revoke the computer «%1»?

Its new changes will be refused on every computer, and the school key will be replaced: the other computers get the new key with their next synchronisation, the revoked computer does not, so it reads nothing published from now on. What it sent before (up to change no. %2) stays. Do this for a stolen, broken or re-imaged computer; to use it again, connect it anew with a new code.</source>
        <translation>Отключить компьютер «%1»?

Его новые изменения будут отклоняться на всех компьютерах, а ключ школы будет заменён: остальные компьютеры получат новый ключ при следующей синхронизации, отключённый — нет, и ничего нового прочитать не сможет. Изменения, принятые от него раньше (до № %2), останутся. Так поступают с украденным, сломанным или переустановленным компьютером; чтобы снова им пользоваться, подключите его заново с новым кодом.</translation>
    </message>
    <message>
        <source>The computer «%1» is revoked; the school key has been replaced.</source>
        <translation>Компьютер «%1» отключён; ключ школы заменён.</translation>
    </message>
    <message>
        <source>Revoking…</source>
        <translation>Отключение…</translation>
    </message>
</context>
<context>
    <name>ConfirmShareDialog</name>
    <message>
        <source>Set up the school&apos;s share</source>
        <translation>Настройка общей папки школы</translation>
    </message>
    <message>
        <source>The folder %1 becomes the school&apos;s share. The program creates in it only the folder «%2» with the school&apos;s signed mark; the school&apos;s computers then meet there. Nothing else in the folder is touched.</source>
        <translation>Папка %1 станет общей папкой школы. Программа создаст в ней только папку «%2» с подписанной меткой школы; через неё будут обмениваться данными компьютеры школы. Остальное содержимое папки не затрагивается.</translation>
    </message>
    <message>
        <source>Your password: it is checked once more and will work on every computer of the school.</source>
        <translation>Ваш пароль: он будет проверен ещё раз и станет действовать на всех компьютерах школы.</translation>
    </message>
    <message>
        <source>Set up the share</source>
        <translation>Настроить общую папку</translation>
    </message>
</context>
<context>
    <name>ConflictBar</name>
    <message>
        <source>%1 more in this cell</source>
        <translation>и ещё %1 в этой клетке</translation>
    </message>
</context>
<context>
    <name>Conflicts</name>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>«%1» — %2, computer «%3», %4</source>
        <translation>«%1» — %2, компьютер «%3», %4</translation>
    </message>
    <message>
        <source>filled on two computers</source>
        <translation>заполнено на двух компьютерах</translation>
    </message>
    <message>
        <source>deleted on one computer, changed on another</source>
        <translation>удалено на одном компьютере, изменено на другом</translation>
    </message>
    <message>
        <source>changed on two computers</source>
        <translation>изменено на двух компьютерах</translation>
    </message>
    <message>
        <source>Sync conflict: %1 (%2)</source>
        <translation>Конфликт синхронизации: %1 (%2)</translation>
    </message>
    <message>
        <source>Shown: %1</source>
        <translation>Показано: %1</translation>
    </message>
    <message>
        <source>Other: %1</source>
        <translation>Другое значение: %1</translation>
    </message>
    <message>
        <source>Keep «%1»</source>
        <translation>Оставить «%1»</translation>
    </message>
    <message>
        <source>Take «%1»</source>
        <translation>Взять «%1»</translation>
    </message>
</context>
<context>
    <name>ConsentsPanel</name>
    <message>
        <source>Student</source>
        <translation>Ученик</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Родитель</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>Кем приходится</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Согласие</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <source>&amp;Register consent…</source>
        <translation>&amp;Зарегистрировать согласие…</translation>
    </message>
    <message>
        <source>&amp;Withdraw consent…</source>
        <translation>&amp;Отозвать согласие…</translation>
    </message>
    <message>
        <source>Consent of %1</source>
        <translation>Согласие: %1</translation>
    </message>
    <message>
        <source>The parent&apos;s signed consent to the processing of personal data (152-ФЗ). From this date the parent can read the diary.</source>
        <translation>Подписанное родителем согласие на обработку персональных данных (152-ФЗ). С этой даты родитель может читать дневник.</translation>
    </message>
    <message>
        <source>Signed on:</source>
        <translation>Подписано:</translation>
    </message>
    <message>
        <source>Document:</source>
        <translation>Документ:</translation>
    </message>
    <message>
        <source>e.g. «Заявление № 12 от 02.09.2026»</source>
        <translation>например, «Заявление № 12 от 02.09.2026»</translation>
    </message>
    <message>
        <source>Withdraw consent of %1</source>
        <translation>Отзыв согласия: %1</translation>
    </message>
    <message>
        <source>From this date the diary is closed to the parent. The record of the consent stays.</source>
        <translation>С этой даты дневник для родителя закрыт. Запись о согласии сохраняется.</translation>
    </message>
    <message>
        <source>Withdrawn on:</source>
        <translation>Отозвано:</translation>
    </message>
</context>
<context>
    <name>CopyDayDialog</name>
    <message>
        <source>The lessons of one day are copied to another from the date given; that day&apos;s own lessons stop then.</source>
        <translation>Уроки одного дня копируются в другой с указанной даты; прежние уроки того дня с этой даты снимаются.</translation>
    </message>
    <message>
        <source>Copy a day</source>
        <translation>Копирование дня</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>To</source>
        <translation>В день</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Действует с</translation>
    </message>
</context>
<context>
    <name>CopyWeekDialog</name>
    <message>
        <source>From the date given the class has the lessons of the week copied, at the same days and numbers; its own lessons from then stop. Another class&apos;s week takes this class&apos;s teachers of the same subjects and its own room.</source>
        <translation>С указанной даты у класса будут уроки копируемой недели — в те же дни и под теми же номерами; его собственные уроки с этой даты снимаются. Неделя другого класса берёт учителей этого класса по тем же предметам и его кабинет.</translation>
    </message>
    <message>
        <source>Copy a week</source>
        <translation>Копировать неделю</translation>
    </message>
    <message>
        <source>Week of the class</source>
        <translation>Неделя класса</translation>
    </message>
    <message>
        <source>As on</source>
        <translation>Как на дату</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Действует с</translation>
    </message>
</context>
<context>
    <name>CreateAccountDialog</name>
    <message>
        <source>Staff member</source>
        <translation>Сотрудник</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>Ученик</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Родитель</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>%1 people without an account.</source>
        <translation>Без учётной записи: %1.</translation>
    </message>
    <message>
        <source>Everyone of this kind already has an account.</source>
        <translation>У всех уже есть учётные записи.</translation>
    </message>
    <message>
        <source>Choose the person the account is for.</source>
        <translation>Выберите, для кого создаётся учётная запись.</translation>
    </message>
    <message>
        <source>Enter a login.</source>
        <translation>Укажите логин.</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>Новая учётная запись</translation>
    </message>
    <message>
        <source>Account for:</source>
        <translation>Для кого:</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>Найти:</translation>
    </message>
    <message>
        <source>surname or class</source>
        <translation>фамилия или класс</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Роль:</translation>
    </message>
    <message>
        <source>Login:</source>
        <translation>Логин:</translation>
    </message>
</context>
<context>
    <name>DateRangeEdit</name>
    <message>
        <source>from</source>
        <translation>с</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>The end date (%1) is earlier than the start date (%2).</source>
        <translation>Дата окончания (%1) раньше даты начала (%2).</translation>
    </message>
    <message>
        <source>The dates must lie within %1 (%2 – %3).</source>
        <translation>Даты должны быть в пределах %1 (%2 – %3).</translation>
    </message>
</context>
<context>
    <name>DiarySections</name>
    <message>
        <source>Diary</source>
        <translation>Дневник</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Обзор</translation>
    </message>
    <message>
        <source>My class</source>
        <translation>Мой класс</translation>
    </message>
    <message>
        <source>Class diary</source>
        <translation>Дневники класса</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Документы</translation>
    </message>
    <message>
        <source>School</source>
        <translation>Школа</translation>
    </message>
    <message>
        <source>Diaries</source>
        <translation>Дневники</translation>
    </message>
    <message>
        <source>Indicators</source>
        <translation>Показатели</translation>
    </message>
    <message>
        <source>My journals</source>
        <translation>Мои журналы</translation>
    </message>
</context>
<context>
    <name>DiaryWeekView</name>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Предмет</translation>
    </message>
    <message>
        <source>Topic and homework</source>
        <translation>Тема и домашнее задание</translation>
    </message>
    <message>
        <source>Mark</source>
        <translation>Отметка</translation>
    </message>
    <message>
        <source>substitute: %1</source>
        <translation>замена: %1</translation>
    </message>
    <message>
        <source>room %1</source>
        <translation>каб. %1</translation>
    </message>
    <message>
        <source>The lesson was cancelled.</source>
        <translation>Урок отменён.</translation>
    </message>
    <message>
        <source>By the timetable</source>
        <translation>По расписанию</translation>
    </message>
    <message>
        <source>Homework:</source>
        <translation>Д/з:</translation>
    </message>
    <message>
        <source>mark</source>
        <translation>отметка</translation>
    </message>
    <message>
        <source>No school: the school year has not begun or is over</source>
        <translation>Учебный год ещё не начался или уже закончился</translation>
    </message>
    <message>
        <source>No lessons</source>
        <translation>Уроков нет</translation>
    </message>
</context>
<context>
    <name>DiaryWidget</name>
    <message>
        <source>Diary</source>
        <translation>Дневник</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Класс:</translation>
    </message>
    <message>
        <source>Student:</source>
        <translation>Ученик:</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Show the latest entries (F5)</source>
        <translation>Показать последние записи (F5)</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Неделя</translation>
    </message>
    <message>
        <source>Subjects and forecast</source>
        <translation>Предметы и прогноз</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>График</translation>
    </message>
    <message>
        <source>◀ Previous week</source>
        <translation>◀ Предыдущая неделя</translation>
    </message>
    <message>
        <source>Next week ▶</source>
        <translation>Следующая неделя ▶</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Текущая неделя</translation>
    </message>
    <message>
        <source>Go to the week of this date</source>
        <translation>Перейти к неделе с этой датой</translation>
    </message>
    <message>
        <source>Previous week (Alt+Left)</source>
        <translation>Предыдущая неделя (Alt+←)</translation>
    </message>
    <message>
        <source>Next week (Alt+Right)</source>
        <translation>Следующая неделя (Alt+→)</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Период:</translation>
    </message>
    <message>
        <source>Marks</source>
        <translation>Отметки</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Mark</source>
        <translation>Отметка</translation>
    </message>
    <message>
        <source>Work type</source>
        <translation>Вид работы</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
    <message>
        <source>Forecast and what if</source>
        <translation>Прогноз и «что если»</translation>
    </message>
    <message>
        <source>No student&apos;s diary is available to you.</source>
        <translation>Вам не доступен дневник ни одного ученика.</translation>
    </message>
    <message>
        <source>Diary: %1</source>
        <translation>Дневник: %1</translation>
    </message>
    <message>
        <source>Attendance: %1</source>
        <translation>Посещаемость: %1</translation>
    </message>
    <message>
        <source>%1 – %2. The forecast is the weighted average rounded by the school&apos;s rule.</source>
        <translation>%1 – %2. Прогноз — средневзвешенный балл, округлённый по правилу школы.</translation>
    </message>
    <message>
        <source>%1: average %2, forecast %3.</source>
        <translation>%1: средний балл %2, прогноз %3.</translation>
    </message>
    <message>
        <source>Period mark set: %1.</source>
        <translation>Выставлена отметка за период: %1.</translation>
    </message>
</context>
<context>
    <name>EnrolCodeDialog</name>
    <message>
        <source>Connect a computer</source>
        <translation>Подключение компьютера</translation>
    </message>
    <message>
        <source>Name the new computer as the school calls it (for example, «Кабинет 12»). The program shows a one-time code: type it on the new computer when it starts for the first time, under «Join the school&apos;s share».</source>
        <translation>Назовите новый компьютер так, как его называют в школе (например, «Кабинет 12»). Программа покажет одноразовый код: введите его на новом компьютере при первом запуске, выбрав «Подключиться к общей папке школы».</translation>
    </message>
    <message>
        <source>Computer:</source>
        <translation>Компьютер:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Вид:</translation>
    </message>
    <message>
        <source>Issue the code</source>
        <translation>Выдать код</translation>
    </message>
    <message>
        <source>The code is valid until %1 and only once. When the new computer has sent its request, it appears in the list: press «Accept requests» (the administration&apos;s synchronisation accepts it too).</source>
        <translation>Код действует до %1 и только один раз. Когда новый компьютер отправит запрос, он появится в списке: нажмите «Принять запросы» (синхронизация на компьютере администрации тоже принимает их).</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>Administration (office)</source>
        <translation>Администрация (кабинет)</translation>
    </message>
    <message>
        <source>Classroom</source>
        <translation>Учебный кабинет</translation>
    </message>
    <message>
        <source>Fill in the field “%1”.</source>
        <translation>Заполните поле «%1».</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Пароли не совпадают.</translation>
    </message>
    <message>
        <source>Creating the school…</source>
        <translation>Создание школы…</translation>
    </message>
    <message>
        <source>First start</source>
        <translation>Первый запуск</translation>
    </message>
    <message>
        <source>Welcome to School Journal</source>
        <translation>Добро пожаловать в Школьный журнал</translation>
    </message>
    <message>
        <source>There is no school on this computer yet. Create your school, join your school&apos;s share if the school already works with the program, or look around in the demo school first.</source>
        <translation>На этом компьютере ещё нет школы. Создайте свою школу, подключитесь к общей папке школы, если школа уже работает с программой, или сначала познакомьтесь с демонстрационной школой.</translation>
    </message>
    <message>
        <source>Your school</source>
        <translation>Ваша школа</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>Полное наименование:</translation>
    </message>
    <message>
        <source>as in the school&apos;s charter</source>
        <translation>как в уставе школы</translation>
    </message>
    <message>
        <source>Short name:</source>
        <translation>Краткое наименование:</translation>
    </message>
    <message>
        <source>Director:</source>
        <translation>Директор:</translation>
    </message>
    <message>
        <source>surname, name, patronymic</source>
        <translation>фамилия, имя, отчество</translation>
    </message>
    <message>
        <source>Administrator and this computer</source>
        <translation>Администратор и этот компьютер</translation>
    </message>
    <message>
        <source>Administrator&apos;s login:</source>
        <translation>Логин администратора:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <source>Repeat the password:</source>
        <translation>Повторите пароль:</translation>
    </message>
    <message>
        <source>This computer:</source>
        <translation>Этот компьютер:</translation>
    </message>
    <message>
        <source>for example, Reception</source>
        <translation>например, Приёмная</translation>
    </message>
    <message>
        <source>Workstation kind:</source>
        <translation>Вид рабочего места:</translation>
    </message>
    <message>
        <source>Open the &amp;demo school</source>
        <translation>Открыть &amp;демонстрационную школу</translation>
    </message>
    <message>
        <source>&amp;Join the school&apos;s share…</source>
        <translation>&amp;Подключиться к общей папке школы…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;Create the school</source>
        <translation>&amp;Создать школу</translation>
    </message>
</context>
<context>
    <name>GroupMembersDialog</name>
    <message>
        <source>Tick the groups each student is in. Changes take effect from the date below.</source>
        <translation>Отметьте, в каких группах учится каждый ученик. Изменения действуют с даты ниже.</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>С:</translation>
    </message>
</context>
<context>
    <name>HolidayDialog</name>
    <message>
        <source>New holiday</source>
        <translation>Новый неучебный день</translation>
    </message>
    <message>
        <source>Holiday or non-school day</source>
        <translation>Каникулы или неучебный день</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>e.g. Winter vacation</source>
        <translation>например, Зимние каникулы</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Вид:</translation>
    </message>
    <message>
        <source>Grades from:</source>
        <translation>Классы с:</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>Dates:</source>
        <translation>Даты:</translation>
    </message>
</context>
<context>
    <name>HomePages</name>
    <message>
        <source>My journals</source>
        <translation>Мои журналы</translation>
    </message>
    <message>
        <source>The journals you keep, and as a class teacher every subject of your class (read only).</source>
        <translation>Журналы, которые вы ведёте, а классному руководителю — ещё и все предметы своего класса (только просмотр).</translation>
    </message>
    <message>
        <source>Journals</source>
        <translation>Журналы</translation>
    </message>
    <message>
        <source>Every journal of the current school year.</source>
        <translation>Все журналы текущего учебного года.</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Класс</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Предмет</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>Учитель</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Доступ</translation>
    </message>
    <message>
        <source>keeps</source>
        <translation>ведёт</translation>
    </message>
    <message>
        <source>reads</source>
        <translation>просмотр</translation>
    </message>
    <message>
        <source>No journals are assigned to you in the current school year.</source>
        <translation>В текущем учебном году за вами не закреплено ни одного журнала.</translation>
    </message>
    <message>
        <source>There are no journals yet: the school has no school year. Start with the set-up checklist on the «School» page.</source>
        <translation>Журналов пока нет: в школе ещё не создан учебный год. Начните с плана подготовки на странице «Школа».</translation>
    </message>
    <message>
        <source>There are no journals yet: a journal appears for each teaching assignment (class or group, subject, teacher). Enter the classes, subjects, staff and teaching assignments — see the set-up checklist on the «School» page.</source>
        <translation>Журналов пока нет: журнал появляется для каждой строки учебной нагрузки (класс или группа, предмет, учитель). Внесите классы, предметы, сотрудников и нагрузку — см. план подготовки на странице «Школа».</translation>
    </message>
    <message>
        <source>My class and diary extracts</source>
        <translation>Мой класс и выписки</translation>
    </message>
    <message>
        <source>The students of the class you lead, their parents and diary accounts. Parents without a computer get a paper extract of the diary.</source>
        <translation>Ученики вашего класса, их родители и учётные записи дневника. Родителям без компьютера выдаётся бумажная выписка из дневника.</translation>
    </message>
    <message>
        <source>Class %1: %2 students</source>
        <translation>Класс %1: учеников — %2</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>есть</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>Ученик</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Дата рождения</translation>
    </message>
    <message>
        <source>Parents</source>
        <translation>Родители</translation>
    </message>
    <message>
        <source>Diary account</source>
        <translation>Учётная запись</translation>
    </message>
    <message>
        <source>School</source>
        <translation>Школа</translation>
    </message>
    <message>
        <source>School card and rules…</source>
        <translation>Карточка школы и правила…</translation>
    </message>
    <message>
        <source>School year and calendar…</source>
        <translation>Учебный год и календарь…</translation>
    </message>
    <message>
        <source>Timetable…</source>
        <translation>Расписание…</translation>
    </message>
    <message>
        <source>Substitutions…</source>
        <translation>Замены…</translation>
    </message>
    <message>
        <source>In the database</source>
        <translation>В базе данных</translation>
    </message>
    <message>
        <source>not created yet</source>
        <translation>ещё не создан</translation>
    </message>
    <message>
        <source>Director:</source>
        <translation>Директор:</translation>
    </message>
    <message>
        <source>School year:</source>
        <translation>Учебный год:</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>Классов:</translation>
    </message>
    <message>
        <source>Students:</source>
        <translation>Учеников:</translation>
    </message>
    <message>
        <source>Staff:</source>
        <translation>Сотрудников:</translation>
    </message>
    <message>
        <source>Parents:</source>
        <translation>Родителей:</translation>
    </message>
    <message>
        <source>Accounts:</source>
        <translation>Учётных записей:</translation>
    </message>
    <message>
        <source>%1 (activated %2, disabled %3)</source>
        <translation>%1 (активировано %2, отключено %3)</translation>
    </message>
    <message>
        <source>This computer:</source>
        <translation>Этот компьютер:</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <source>met</source>
        <translation>выполнен</translation>
    </message>
    <message>
        <source>not met</source>
        <translation>не выполнен</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>Показатель</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Цель</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробно</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Администрирование</translation>
    </message>
    <message>
        <source>Accounts of staff, students and parents; the school&apos;s sign-in rules.</source>
        <translation>Учётные записи сотрудников, учеников и родителей; правила входа в школе.</translation>
    </message>
    <message>
        <source>Open accounts…</source>
        <translation>Учётные записи…</translation>
    </message>
    <message>
        <source>Import from a spreadsheet…</source>
        <translation>Импорт из таблицы…</translation>
    </message>
    <message>
        <source>Share and computers…</source>
        <translation>Общая папка и компьютеры…</translation>
    </message>
    <message>
        <source>Conflicts and refused changes…</source>
        <translation>Конфликты и отклонённые изменения…</translation>
    </message>
    <message>
        <source>%1 accounts: %2 activated, %3 disabled.</source>
        <translation>Учётных записей: %1, активировано: %2, отключено: %3.</translation>
    </message>
    <message>
        <source>Sign-in rules</source>
        <translation>Правила входа</translation>
    </message>
    <message>
        <source>allowed</source>
        <translation>разрешено</translation>
    </message>
    <message>
        <source>not allowed</source>
        <translation>запрещено</translation>
    </message>
    <message>
        <source>classroom</source>
        <translation>учебный кабинет</translation>
    </message>
    <message>
        <source>administration</source>
        <translation>администрация</translation>
    </message>
    <message>
        <source>Minimum password length:</source>
        <translation>Минимальная длина пароля:</translation>
    </message>
    <message>
        <source>Lockout:</source>
        <translation>Блокировка:</translation>
    </message>
    <message>
        <source>after %1 failed attempts, for %2 minutes</source>
        <translation>после %1 неудачных попыток, на %2 мин</translation>
    </message>
    <message>
        <source>Computers (%1):</source>
        <translation>Компьютеры (%1):</translation>
    </message>
    <message>
        <source>auto-lock after %1 min idle; remember me: %2</source>
        <translation>блокировка после %1 мин бездействия; запоминать вход: %2</translation>
    </message>
    <message>
        <source>Diary</source>
        <translation>Дневник</translation>
    </message>
    <message>
        <source>Your class, class teacher and subjects with their teachers.</source>
        <translation>Ваш класс, классный руководитель, предметы и учителя.</translation>
    </message>
    <message>
        <source>Your children&apos;s classes, class teachers and subjects.</source>
        <translation>Классы ваших детей, классные руководители и предметы.</translation>
    </message>
    <message>
        <source>Class teacher: %1</source>
        <translation>Классный руководитель: %1</translation>
    </message>
    <message>
        <source>No student is linked to your account yet.</source>
        <translation>К вашей учётной записи пока не привязан ни один ученик.</translation>
    </message>
    <message>
        <source>Parents&apos; consents…</source>
        <translation>Согласия родителей…</translation>
    </message>
    <message>
        <source>Register the consents parents bring: their diary opens then.</source>
        <translation>Регистрация согласий, которые приносят родители: после этого им открывается дневник.</translation>
    </message>
    <message>
        <source>Subjects…</source>
        <translation>Предметы…</translation>
    </message>
    <message>
        <source>Staff…</source>
        <translation>Сотрудники…</translation>
    </message>
    <message>
        <source>Classes and groups…</source>
        <translation>Классы и группы…</translation>
    </message>
    <message>
        <source>Students and parents…</source>
        <translation>Ученики и родители…</translation>
    </message>
    <message>
        <source>Teaching load…</source>
        <translation>Нагрузка…</translation>
    </message>
    <message>
        <source>Accounts in bulk…</source>
        <translation>Учётные записи пакетом…</translation>
    </message>
    <message>
        <source>The six activity indicators of the school&apos;s order for the current week. Per class, per teacher, any week and from the start of the year: the activity report in Documents.</source>
        <translation>Шесть показателей активности из приказа школы за текущую неделю. По классам, по учителям, за любую неделю и с начала года — отчёт о показателях активности в разделе «Документы».</translation>
    </message>
    <message>
        <source>Backups and integrity…</source>
        <translation>Резервные копии и целостность…</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Students with classes and groups</source>
        <translation>Ученики с классами и группами</translation>
    </message>
    <message>
        <source>Parents linked to students</source>
        <translation>Родители (с привязкой к ученикам)</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Сотрудники</translation>
    </message>
    <message>
        <source>Subjects and teaching load</source>
        <translation>Предметы и учебная нагрузка</translation>
    </message>
    <message>
        <source>Timetable of classes</source>
        <translation>Расписание классов</translation>
    </message>
    <message>
        <source>Students with parents</source>
        <translation>Ученики и родители</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Учётные записи</translation>
    </message>
    <message>
        <source>new</source>
        <translation>новый</translation>
    </message>
    <message>
        <source>updated</source>
        <translation>изменится</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>без изменений</translation>
    </message>
    <message>
        <source>error</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Строка</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>Ячейка</translation>
    </message>
    <message>
        <source>Person or record</source>
        <translation>Кто или что</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>Stopped: nothing was written.</source>
        <translation>Остановлено: ничего не записано.</translation>
    </message>
    <message>
        <source>Choose a spreadsheet</source>
        <translation>Выберите таблицу</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.csv);;All files (*)</source>
        <translation>Таблицы (*.xlsx *.csv);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Сохранить как</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Книга Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Columns: &lt;b&gt;%1&lt;/b&gt; (required); %2. The header row may be anywhere near the top; extra columns are ignored.</source>
        <translation>Столбцы: &lt;b&gt;%1&lt;/b&gt; (обязательные); %2. Строка заголовков может быть не первой; лишние столбцы пропускаются.</translation>
    </message>
    <message>
        <source>Choose a file: every row&apos;s outcome is shown here before anything is written.</source>
        <translation>Выберите файл: здесь будет показано, что произойдёт с каждой строкой, до того как что-либо будет записано.</translation>
    </message>
    <message>
        <source>Rows: %1 — new %2, updated %3, unchanged %4, with errors %5.</source>
        <translation>Строк: %1 — новых %2, изменится %3, без изменений %4, с ошибками %5.</translation>
    </message>
    <message>
        <source>Also created: %1.</source>
        <translation>Также будут созданы: %1.</translation>
    </message>
    <message>
        <source>Fix the rows with errors in the file and choose it again: nothing is imported while any row has an error.</source>
        <translation>Исправьте строки с ошибками в файле и выберите его снова: пока есть хотя бы одна ошибка, ничего не импортируется.</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <source>Imported: %1 new, %2 updated.</source>
        <translation>Импортировано: новых %1, изменено %2.</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>Чтение файла…</translation>
    </message>
    <message>
        <source>Template saved: %1</source>
        <translation>Шаблон сохранён: %1</translation>
    </message>
    <message>
        <source>List saved: %1 (rows: %2)</source>
        <translation>Список сохранён: %1 (строк: %2)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Выгрузка…</translation>
    </message>
    <message>
        <source>Import from a spreadsheet</source>
        <translation>Импорт из таблицы</translation>
    </message>
    <message>
        <source>What to import:</source>
        <translation>Что импортировать:</translation>
    </message>
    <message>
        <source>Download template…</source>
        <translation>Скачать шаблон…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Файл:</translation>
    </message>
    <message>
        <source>an .xlsx or .csv file</source>
        <translation>файл .xlsx или .csv</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>Выбрать файл…</translation>
    </message>
    <message>
        <source>Only rows with errors</source>
        <translation>Только строки с ошибками</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Остановить</translation>
    </message>
    <message>
        <source>Export to XLSX:</source>
        <translation>Выгрузить в XLSX:</translation>
    </message>
    <message>
        <source>Save list…</source>
        <translation>Сохранить список…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Импортировать</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <source>Join the school&apos;s share</source>
        <translation>Подключение к общей папке школы</translation>
    </message>
    <message>
        <source>This computer joins a school that already works with School Journal. At the administration workstation open «Administration → Share and computers», press «Connect a computer…» and type here the code it shows.</source>
        <translation>Этот компьютер подключается к школе, которая уже работает со «Школьным журналом». На компьютере администрации откройте «Администрирование → Общая папка и компьютеры», нажмите «Подключить компьютер…» и введите здесь показанный код.</translation>
    </message>
    <message>
        <source>\\server\journal, a mapped drive or a mounted folder</source>
        <translation>\\сервер\журнал, сетевой диск или смонтированная папка</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>The school&apos;s share:</source>
        <translation>Общая папка школы:</translation>
    </message>
    <message>
        <source>Connection code:</source>
        <translation>Код подключения:</translation>
    </message>
    <message>
        <source>This computer:</source>
        <translation>Этот компьютер:</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>Подключить</translation>
    </message>
    <message>
        <source>The school&apos;s share folder</source>
        <translation>Общая папка школы</translation>
    </message>
    <message>
        <source>Type or choose the school&apos;s share folder.</source>
        <translation>Введите или выберите общую папку школы.</translation>
    </message>
    <message>
        <source>Sending the request…</source>
        <translation>Отправка запроса…</translation>
    </message>
    <message>
        <source>The request has been sent. Waiting for the administration to accept it («Accept requests» in «Share and computers», or its next synchronisation)…</source>
        <translation>Запрос отправлен. Ждём, пока администрация его примет («Принять запросы» в окне «Общая папка и компьютеры» или её следующая синхронизация)…</translation>
    </message>
    <message>
        <source>This computer carries the identity of another computer of the school (its disk was copied from it). It must not pose as that computer. Make a new identity for this computer and send the request with it?</source>
        <translation>На этом компьютере удостоверение другого компьютера школы (его диск скопирован с того компьютера). Выдавать себя за тот компьютер нельзя. Создать для этого компьютера новое удостоверение и отправить запрос с ним?</translation>
    </message>
    <message>
        <source>The identity copied from another computer is still here; the computer cannot join with it.</source>
        <translation>Удостоверение, скопированное с другого компьютера, осталось на месте; с ним подключиться нельзя.</translation>
    </message>
    <message>
        <source>Waiting stopped. The request stays on the share: if the administration accepts it, «Join» continues from there.</source>
        <translation>Ожидание прервано. Запрос остаётся на общей папке: если администрация его примет, «Подключить» продолжит с этого места.</translation>
    </message>
    <message>
        <source>Stopping the load…</source>
        <translation>Загрузка останавливается…</translation>
    </message>
    <message>
        <source>Accepted. Loading the school from the share…</source>
        <translation>Запрос принят. Загрузка данных школы с общей папки…</translation>
    </message>
    <message>
        <source>The load was stopped and nothing of it was kept. Press «Join» to load the school again (the computer stays accepted).</source>
        <translation>Загрузка остановлена, загруженное не сохранено. Нажмите «Подключить», чтобы загрузить данные школы снова (компьютер остаётся подключённым).</translation>
    </message>
</context>
<context>
    <name>JournalDelegate</name>
    <message>
        <source>This period mark is not allowed.</source>
        <translation>Такая итоговая отметка недопустима.</translation>
    </message>
</context>
<context>
    <name>JournalModel</name>
    <message>
        <source>Avg.</source>
        <translation>Ср. балл</translation>
    </message>
    <message>
        <source>Abs.</source>
        <translation>Пропуски</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Год</translation>
    </message>
    <message>
        <source>Suggested: %1 (weighted average %2 of %3 marks)</source>
        <translation>Предлагается: %1 (средневзвешенный балл %2 по %3 отм.)</translation>
    </message>
    <message>
        <source>Suggested: %1 (average %2 of %3 period marks)</source>
        <translation>Предлагается: %1 (среднее %2 по %3 отм. за периоды)</translation>
    </message>
    <message>
        <source>entered late</source>
        <translation>внесено с опозданием</translation>
    </message>
    <message>
        <source>%1: %2 (weight %3)</source>
        <translation>%1: %2 (вес %3)</translation>
    </message>
    <message>
        <source>%1, lesson %2</source>
        <translation>%1, %2-й урок</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Урок отменён</translation>
    </message>
    <message>
        <source>Control work</source>
        <translation>Контрольная работа</translation>
    </message>
    <message>
        <source>Topic: %1</source>
        <translation>Тема: %1</translation>
    </message>
    <message>
        <source>Homework: %1</source>
        <translation>Домашнее задание: %1</translation>
    </message>
    <message>
        <source>Substituted by %1: %2</source>
        <translation>Замена: %1 — %2</translation>
    </message>
    <message>
        <source>Some marks or attendance were entered late.</source>
        <translation>Часть отметок или посещаемости внесена с опозданием.</translation>
    </message>
    <message>
        <source>Marks are not given in this subject.</source>
        <translation>По этому предмету отметки не ставятся.</translation>
    </message>
    <message>
        <source>topic</source>
        <translation>тема</translation>
    </message>
    <message>
        <source>homework</source>
        <translation>домашнее задание</translation>
    </message>
    <message>
        <source>attendance</source>
        <translation>посещаемость</translation>
    </message>
    <message>
        <source>Still missing: %1</source>
        <translation>Не заполнено: %1</translation>
    </message>
</context>
<context>
    <name>JournalPage</name>
    <message>
        <source>Opening the journal…</source>
        <translation>Открываем журнал…</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Период:</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Undo (Ctrl+Z)</source>
        <translation>Отменить (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Redo (Ctrl+Y)</source>
        <translation>Повторить (Ctrl+Y)</translation>
    </message>
    <message>
        <source>After a mark: move down</source>
        <translation>После отметки: вниз</translation>
    </message>
    <message>
        <source>After a mark: move right</source>
        <translation>После отметки: вправо</translation>
    </message>
    <message>
        <source>Confirm suggested marks</source>
        <translation>Выставить предложенные отметки</translation>
    </message>
    <message>
        <source>Put the suggested period mark into every empty cell of the period column (Ctrl+Enter confirms one cell)</source>
        <translation>Выставить предложенную итоговую отметку во все пустые клетки столбца периода (Ctrl+Enter — в одну клетку)</translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation>Исправления</translation>
    </message>
    <message>
        <source>The administration opens journals read-only; switch on to correct entries (a reason is asked where the rules require it).</source>
        <translation>Администрация открывает журналы только для чтения; включите, чтобы исправить записи (где требуют правила, будет запрошена причина).</translation>
    </message>
    <message>
        <source>Saving the choice…</source>
        <translation>Сохранение выбора…</translation>
    </message>
    <message>
        <source>All present</source>
        <translation>Все присутствуют</translation>
    </message>
    <message>
        <source>Nobody absent in the selected lessons: absence codes are removed (marks stay) and the lessons are marked conducted</source>
        <translation>Никто не отсутствовал на выбранных уроках: пропуски снимаются (отметки остаются), уроки отмечаются проведёнными</translation>
    </message>
    <message>
        <source>КТП…</source>
        <translation>КТП…</translation>
    </message>
    <message>
        <source>The calendar-thematic plan of this journal: its topics, and on which lessons they were given</source>
        <translation>Календарно-тематический план этого журнала: темы и уроки, на которых они пройдены</translation>
    </message>
    <message>
        <source>Close journal</source>
        <translation>Закрыть журнал</translation>
    </message>
    <message>
        <source>Whole year</source>
        <translation>Весь год</translation>
    </message>
    <message>
        <source>Type a mark or н/б/у/п/оп (n/b/u/p/op); 5/4 for two marks; F2 for work type and comment; Delete clears.</source>
        <translation>Наберите отметку или н/б/у/п/оп (n/b/u/p/op); 5/4 — две отметки; F2 — вид работы и комментарий; Delete — очистить.</translation>
    </message>
    <message>
        <source>You may fill the lessons you substitute.</source>
        <translation>Вы можете заполнять уроки, на которых заменяете.</translation>
    </message>
    <message>
        <source>Read only.</source>
        <translation>Только чтение.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохраняем…</translation>
    </message>
    <message>
        <source>Edit a cell</source>
        <translation>изменение клетки</translation>
    </message>
    <message>
        <source>Edit %1 cells</source>
        <translation>изменение клеток: %1</translation>
    </message>
    <message>
        <source>Reason for the correction</source>
        <translation>Причина исправления</translation>
    </message>
    <message>
        <source>Period mark</source>
        <translation>итоговая отметка</translation>
    </message>
    <message>
        <source>Confirm %1 period marks</source>
        <translation>выставление итоговых отметок: %1</translation>
    </message>
    <message>
        <source>Typing: %1</source>
        <translation>Ввод: %1</translation>
    </message>
    <message>
        <source>Switch on «Corrections» to change this journal.</source>
        <translation>Чтобы изменить журнал, включите «Исправления».</translation>
    </message>
    <message>
        <source>This journal is read-only for you: it is kept by another teacher.</source>
        <translation>Этот журнал доступен вам только для чтения: его ведёт другой учитель.</translation>
    </message>
    <message>
        <source>The lesson is cancelled.</source>
        <translation>Урок отменён.</translation>
    </message>
    <message>
        <source>The lesson has not taken place yet.</source>
        <translation>Урок ещё не наступил.</translation>
    </message>
    <message>
        <source>The student was not in the class on that day.</source>
        <translation>В этот день ученик не числился в классе.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>очистка</translation>
    </message>
    <message>
        <source>The pasted block does not fit into the journal.</source>
        <translation>Вставляемый блок не помещается в журнал.</translation>
    </message>
    <message>
        <source>%1: only lesson cells can be pasted into.</source>
        <translation>%1: вставлять можно только в клетки уроков.</translation>
    </message>
    <message>
        <source>%1: this cell cannot be changed.</source>
        <translation>%1: эту клетку изменить нельзя.</translation>
    </message>
    <message>
        <source>Paste %1 cells</source>
        <translation>вставка клеток: %1</translation>
    </message>
    <message>
        <source>Why is the lesson cancelled?</source>
        <translation>Почему урок отменяется?</translation>
    </message>
</context>
<context>
    <name>JournalView</name>
    <message>
        <source>No.  Student</source>
        <translation>№   Ученик</translation>
    </message>
</context>
<context>
    <name>JournalWindow</name>
    <message>
        <source>Double-click a journal to open it.</source>
        <translation>Чтобы открыть журнал, дважды щёлкните по нему.</translation>
    </message>
</context>
<context>
    <name>LessonDialog</name>
    <message>
        <source>%1, lesson %2</source>
        <translation>%1, %2-й урок</translation>
    </message>
    <message>
        <source>The change starts on the date given: the lessons before it stay as they were, the future lessons of the journal follow the new timetable.</source>
        <translation>Изменение действует с указанной даты: уроки до неё остаются как были, будущие уроки журнала следуют новому расписанию.</translation>
    </message>
    <message>
        <source>Another lesson here (another group)</source>
        <translation>Ещё урок здесь (другая группа)</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>Урок</translation>
    </message>
    <message>
        <source>— no lesson —</source>
        <translation>— нет урока —</translation>
    </message>
    <message>
        <source>Subject and teacher</source>
        <translation>Предмет и учитель</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Кабинет</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Действует с</translation>
    </message>
    <message>
        <source>Choose the subject and teacher of the lesson.</source>
        <translation>Выберите предмет и учителя урока.</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Topic</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Homework</source>
        <translation>Домашнее задание</translation>
    </message>
    <message>
        <source>Work type</source>
        <translation>Вид работы</translation>
    </message>
    <message>
        <source>Control work</source>
        <translation>Контрольная работа</translation>
    </message>
    <message>
        <source>Lesson conducted</source>
        <translation>Урок проведён</translation>
    </message>
    <message>
        <source>Substituted by</source>
        <translation>Замена</translation>
    </message>
    <message>
        <source>for example, teacher&apos;s illness</source>
        <translation>например, болезнь учителя</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Save lesson</source>
        <translation>Сохранить урок</translation>
    </message>
    <message>
        <source>Add lesson…</source>
        <translation>Добавить урок…</translation>
    </message>
    <message>
        <source>Move…</source>
        <translation>Перенести…</translation>
    </message>
    <message>
        <source>Cancel lesson…</source>
        <translation>Отменить урок…</translation>
    </message>
    <message>
        <source>Choose a lesson in the journal.</source>
        <translation>Выберите урок в журнале.</translation>
    </message>
    <message>
        <source>Lesson %1, %2</source>
        <translation>%1-й урок, %2</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>отменён</translation>
    </message>
    <message>
        <source>Homework was entered late.</source>
        <translation>Домашнее задание внесено с опозданием.</translation>
    </message>
    <message>
        <source>Some marks or attendance were entered late.</source>
        <translation>Часть отметок или посещаемости внесена с опозданием.</translation>
    </message>
    <message>
        <source>Restore lesson</source>
        <translation>Вернуть урок</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Lesson number</source>
        <translation>Номер урока</translation>
    </message>
    <message>
        <source>Add a lesson</source>
        <translation>Добавить урок</translation>
    </message>
    <message>
        <source>Move the lesson</source>
        <translation>Перенести урок</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>administration</source>
        <translation>администрация</translation>
    </message>
    <message>
        <source>classroom</source>
        <translation>учебный кабинет</translation>
    </message>
    <message>
        <source>School Journal</source>
        <translation>Школьный журнал</translation>
    </message>
    <message>
        <source>Share and computers…</source>
        <translation>Общая папка и компьютеры…</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>Пользователь: %1</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>Роль: %1</translation>
    </message>
    <message>
        <source>Workstation: %1</source>
        <translation>Рабочее место: %1</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Выполняется…</translation>
    </message>
    <message>
        <source>The journal is locked.</source>
        <translation>Журнал заблокирован.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>The language will change the next time the program starts.</source>
        <translation>Язык сменится при следующем запуске программы.</translation>
    </message>
    <message>
        <source>School Journal: an offline electronic class journal and student diary. The data of this school is encrypted on this computer.</source>
        <translation>Школьный журнал — электронный классный журнал и дневник, работающий без сети. Данные школы на этом компьютере зашифрованы.</translation>
    </message>
    <message>
        <source>&amp;Journal</source>
        <translation>&amp;Журнал</translation>
    </message>
    <message>
        <source>&amp;Administration</source>
        <translation>&amp;Администрирование</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Настройки</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation>&amp;Заблокировать</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>Сменить &amp;пароль…</translation>
    </message>
    <message>
        <source>S&amp;witch user…</source>
        <translation>&amp;Сменить пользователя…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Выйти из учётной записи</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation>&amp;Учётные записи…</translation>
    </message>
    <message>
        <source>&amp;About School Journal</source>
        <translation>&amp;О программе</translation>
    </message>
    <message>
        <source>Backups and integrity…</source>
        <translation>Резервные копии и целостность…</translation>
    </message>
    <message>
        <source>S&amp;ync now</source>
        <translation>Син&amp;хронизировать сейчас</translation>
    </message>
    <message>
        <source>Exchange changes with the school&apos;s other computers through the share</source>
        <translation>Обменяться изменениями с другими компьютерами школы через общую папку</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>School Journal</source>
        <translation>Школьный журнал</translation>
    </message>
    <message>
        <source>Something went wrong and the action was not completed. Your data is safe. If it happens again, tell the system administrator (details are in the log).</source>
        <translation>Что-то пошло не так, и действие не выполнено. Ваши данные в сохранности. Если ошибка повторится, сообщите системному администратору (подробности — в журнале программы).</translation>
    </message>
</context>
<context>
    <name>NextYearWizard</name>
    <message>
        <source>Stopped: nothing was written.</source>
        <translation>Остановлено: ничего не записано.</translation>
    </message>
    <message>
        <source>Next school year</source>
        <translation>Следующий учебный год</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>Далее &gt;</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; Назад</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Создать</translation>
    </message>
    <message>
        <source>The school has no year yet.</source>
        <translation>В школе ещё нет учебного года.</translation>
    </message>
    <message>
        <source>Close every open period of %1? Marks of a closed period are changed only as corrections with a reason.</source>
        <translation>Закрыть все открытые периоды %1 учебного года? Отметки закрытого периода меняются только как исправления с указанием причины.</translation>
    </message>
    <message>
        <source>Closing…</source>
        <translation>Закрытие…</translation>
    </message>
    <message>
        <source>Creating the new year…</source>
        <translation>Создание нового учебного года…</translation>
    </message>
    <message>
        <source>Lessons added to the journals: %1.</source>
        <translation>Уроков добавлено в журналы: %1.</translation>
    </message>
    <message>
        <source>Filling the journals…</source>
        <translation>Заполнение журналов…</translation>
    </message>
    <message>
        <source>The new year was not created.</source>
        <translation>Новый учебный год не создан.</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Остановка…</translation>
    </message>
</context>
<context>
    <name>PairsEditor</name>
    <message>
        <source>Add row</source>
        <translation>Добавить строку</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>Удалить строку</translation>
    </message>
</context>
<context>
    <name>People</name>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Запись</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>Что изменено</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 из %2</translation>
    </message>
    <message>
        <source>%1 in all</source>
        <translation>всего %1</translation>
    </message>
    <message>
        <source>Change history: %1</source>
        <translation>История изменений: %1</translation>
    </message>
    <message>
        <source>given %1</source>
        <translation>дано %1</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>с %1</translation>
    </message>
    <message>
        <source>withdrawn %1</source>
        <translation>отозвано %1</translation>
    </message>
    <message>
        <source>none — the diary is closed</source>
        <translation>нет — дневник закрыт</translation>
    </message>
    <message>
        <source>male</source>
        <translation>мужской</translation>
    </message>
    <message>
        <source>female</source>
        <translation>женский</translation>
    </message>
    <message>
        <source>marks 1–5</source>
        <translation>отметки 1–5</translation>
    </message>
    <message>
        <source>pass / fail</source>
        <translation>зачёт / незачёт</translation>
    </message>
    <message>
        <source>not assessed</source>
        <translation>без оценивания</translation>
    </message>
</context>
<context>
    <name>PeopleListPage</name>
    <message>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <source>Change &amp;history…</source>
        <translation>История &amp;изменений…</translation>
    </message>
</context>
<context>
    <name>PeopleWindow</name>
    <message>
        <source>Subjects</source>
        <translation>Предметы</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Сотрудники</translation>
    </message>
    <message>
        <source>Classes and groups</source>
        <translation>Классы и группы</translation>
    </message>
    <message>
        <source>Students and parents</source>
        <translation>Ученики и родители</translation>
    </message>
    <message>
        <source>Teaching load</source>
        <translation>Нагрузка</translation>
    </message>
    <message>
        <source>Accounts in bulk</source>
        <translation>Учётные записи пакетом</translation>
    </message>
    <message>
        <source>School year %1: %2 – %3</source>
        <translation>Учебный год %1: %2 – %3</translation>
    </message>
    <message>
        <source>No school year has been created yet.</source>
        <translation>Учебный год ещё не создан.</translation>
    </message>
    <message>
        <source>School people and classes</source>
        <translation>Люди и классы школы</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Закрыть</translation>
    </message>
</context>
<context>
    <name>PeriodCloseDialog</name>
    <message>
        <source>Close the period «%1»</source>
        <translation>Закрытие периода «%1»</translation>
    </message>
    <message>
        <source>%1, grades %2: %3 – %4</source>
        <translation>%1, классы %2: %3 – %4</translation>
    </message>
    <message>
        <source>Checking the journals…</source>
        <translation>Проверяем журналы…</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>Журнал</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>Учитель</translation>
    </message>
    <message>
        <source>What is missing</source>
        <translation>Чего не хватает</translation>
    </message>
    <message>
        <source>Double-click a journal to open it.</source>
        <translation>Двойной щелчок по журналу открывает его.</translation>
    </message>
    <message>
        <source>Reason (goes to the change log, optional):</source>
        <translation>Причина (попадёт в журнал изменений, необязательно):</translation>
    </message>
    <message>
        <source>Close the period</source>
        <translation>Закрыть период</translation>
    </message>
    <message>
        <source>Checked up to %1: nothing is missing — every journal has its period marks, and every lesson held has its topic and attendance.</source>
        <translation>Проверено по %1: всё заполнено — во всех журналах выставлены отметки за период, у всех проведённых уроков есть тема и посещаемость.</translation>
    </message>
    <message>
        <source>Checked up to %1. Something is missing in %2 journal(s):</source>
        <translation>Проверено по %1. Не всё заполнено в журналах (%2):</translation>
    </message>
    <message>
        <source>No period mark</source>
        <translation>Нет отметки за период</translation>
    </message>
    <message>
        <source>%1, lesson %2</source>
        <translation>%1, урок %2</translation>
    </message>
    <message>
        <source>no topic</source>
        <translation>нет темы</translation>
    </message>
    <message>
        <source>no attendance</source>
        <translation>нет посещаемости</translation>
    </message>
    <message>
        <source>The journals could not be checked.</source>
        <translation>Проверить журналы не удалось.</translation>
    </message>
    <message>
        <source>Something is missing in %1 journal(s). Close the period «%2» anyway? Its marks can then be changed only as corrections.</source>
        <translation>Не всё заполнено (журналов: %1). Всё равно закрыть период «%2»? После этого его отметки можно будет изменить только как исправления.</translation>
    </message>
</context>
<context>
    <name>PeriodDialog</name>
    <message>
        <source>New study period</source>
        <translation>Новый учебный период</translation>
    </message>
    <message>
        <source>Study period</source>
        <translation>Учебный период</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Вид:</translation>
    </message>
    <message>
        <source>Number:</source>
        <translation>Номер:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>Grades from:</source>
        <translation>Классы с:</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>Dates:</source>
        <translation>Даты:</translation>
    </message>
</context>
<context>
    <name>PlanEditorWindow</name>
    <message>
        <source>Calendar-thematic plan</source>
        <translation>Календарно-тематический план</translation>
    </message>
    <message>
        <source>Journal:</source>
        <translation>Журнал:</translation>
    </message>
    <message>
        <source>Reading the plan…</source>
        <translation>Чтение плана…</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Часов</translation>
    </message>
    <message>
        <source>Homework</source>
        <translation>Домашнее задание</translation>
    </message>
    <message>
        <source>Given on</source>
        <translation>Пройдена</translation>
    </message>
    <message>
        <source>Planned on</source>
        <translation>Планируется</translation>
    </message>
    <message>
        <source>Add topic</source>
        <translation>Добавить тему</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Выше</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Ниже</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Загрузить из файла…</translation>
    </message>
    <message>
        <source>Copy from…</source>
        <translation>Скопировать из…</translation>
    </message>
    <message>
        <source>Print to PDF…</source>
        <translation>Печать в PDF…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>You keep no journals whose plan you may edit.</source>
        <translation>У вас нет журналов, план которых вы можете менять.</translation>
    </message>
    <message>
        <source>The plan has unsaved changes. Discard them?</source>
        <translation>В плане есть несохранённые изменения. Отменить их?</translation>
    </message>
    <message>
        <source>The coming lessons the hours not given yet fall on; a cancelled or an extra lesson moves them.</source>
        <translation>Ближайшие уроки, на которые приходятся ещё не данные часы; отмена урока или дополнительный урок сдвигают их.</translation>
    </message>
    <message>
        <source> (test)</source>
        <translation> (к/р)</translation>
    </message>
    <message>
        <source>%1: %2 topic(s), %3 hour(s) planned; %4 given. Lessons held: %5, without a planned topic: %6.</source>
        <translation>%1: тем в плане — %2, часов — %3, пройдено часов — %4. Проведено уроков: %5, из них без темы из плана: %6.</translation>
    </message>
    <message>
        <source>%1 hour(s) of the plan do not fit in the lessons left this year.</source>
        <translation>Часов плана, не помещающихся в оставшиеся уроки года: %1.</translation>
    </message>
    <message>
        <source>Not saved yet.</source>
        <translation>Изменения ещё не сохранены.</translation>
    </message>
    <message>
        <source>The topic «%1» was given on %2 lesson(s); they keep their topic text. Remove it from the plan?</source>
        <translation>Тема «%1» пройдена на уроках (%2); у них останется текст темы. Удалить её из плана?</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>Print the plan</source>
        <translation>Печать КТП</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source> Unsaved changes are not in it.</source>
        <translation> Несохранённых изменений в нём нет.</translation>
    </message>
    <message>
        <source>The plan is saved as %1.</source>
        <translation>КТП сохранено в файл %1.</translation>
    </message>
    <message>
        <source>Printing the plan…</source>
        <translation>Печать КТП…</translation>
    </message>
    <message>
        <source>Import the plan</source>
        <translation>Загрузка плана</translation>
    </message>
    <message>
        <source>Tables (*.xlsx *.csv);;All files (*)</source>
        <translation>Таблицы (*.xlsx *.csv);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Replace the %1 topic(s) in the table with the file&apos;s plan? Nothing is saved until «Save».</source>
        <translation>Заменить темы в таблице (%1) планом из файла? Ничего не сохранится, пока вы не нажмёте «Сохранить».</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>Чтение файла…</translation>
    </message>
    <message>
        <source>Copy the plan</source>
        <translation>Копирование плана</translation>
    </message>
    <message>
        <source>The plan of which class?</source>
        <translation>План какого класса скопировать?</translation>
    </message>
    <message>
        <source>No other class of this grade has a plan of this subject yet.</source>
        <translation>Ни в одном другом классе этой параллели ещё нет плана по этому предмету.</translation>
    </message>
    <message>
        <source>The plan of this journal is replaced with the copy and saved. Continue?</source>
        <translation>План этого журнала будет заменён копией и сохранён. Продолжить?</translation>
    </message>
    <message>
        <source>The plan has unsaved changes. Close without saving?</source>
        <translation>В плане есть несохранённые изменения. Закрыть без сохранения?</translation>
    </message>
    <message>
        <source>Control work</source>
        <translation>Контрольная работа</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>К/Р</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Check before it is written</source>
        <translation>Проверьте, прежде чем записать</translation>
    </message>
    <message>
        <source>Nothing has been written yet. «Create» makes the new year in one step; it can be stopped, and then nothing is kept.</source>
        <translation>Пока ничего не записано. «Создать» делает новый год за один шаг; его можно остановить, и тогда ничего не сохранится.</translation>
    </message>
    <message>
        <source>e.g. Order No. 45 of 30.05.2027</source>
        <translation>например, «Приказ № 45 от 30.05.2027»</translation>
    </message>
    <message>
        <source>Transfer order:</source>
        <translation>Приказ о переводе:</translation>
    </message>
    <message>
        <source>Make the new year the current one</source>
        <translation>Сделать новый год текущим</translation>
    </message>
    <message>
        <source>New year %1 from %2.</source>
        <translation>Новый учебный год %1 из %2.</translation>
    </message>
    <message>
        <source>Students: promoted %1, kept in the grade %2, graduate %3, leave %4.</source>
        <translation>Ученики: переводятся — %1, остаются в параллели — %2, выпускаются — %3, выбывают — %4.</translation>
    </message>
    <message>
        <source>Classes of the new year: %1; groups: %2.</source>
        <translation>Классов нового года: %1; групп: %2.</translation>
    </message>
    <message>
        <source>Teaching assignments copied: %1; timetable lessons a week: %2 (a draft: the journals are filled from it once it is checked).</source>
        <translation>Нагрузка копируется: %1; уроков в неделю по расписанию: %2 (черновик: журналы заполняются по нему после проверки).</translation>
    </message>
    <message>
        <source>Each assignment&apos;s plan (КТП) is copied from this year&apos;s plan of its new grade.</source>
        <translation>КТП каждого журнала копируется из плана этого года для его новой параллели.</translation>
    </message>
    <message>
        <source>Each student&apos;s stay in a class of %1 ends on its last day, %2, by the order below.</source>
        <translation>Пребывание каждого ученика в классе %1 учебного года заканчивается его последним днём, %2, по приказу ниже.</translation>
    </message>
    <message>
        <source>The year exists already: only what it lacks is added.</source>
        <translation>Этот год уже создан: будет добавлено только недостающее.</translation>
    </message>
</context>
<context>
    <name>RecordHistoryDialog</name>
    <message>
        <source>Change history</source>
        <translation>История изменений</translation>
    </message>
</context>
<context>
    <name>RecordList</name>
    <message>
        <source>Search…</source>
        <translation>Поиск…</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Добавить…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Records: %1</source>
        <translation>Записей: %1</translation>
    </message>
</context>
<context>
    <name>RecoveryKey</name>
    <message>
        <source>The school has been created. Write down the recovery key and keep it in the school&apos;s safe: it opens this computer&apos;s database if every administrator&apos;s password is lost. The school&apos;s other computers, joined later through the share, have no recovery key of their own: they load the school from the share again. The key is shown only now.</source>
        <translation>Школа создана. Запишите ключ восстановления и храните его в сейфе школы: он откроет базу данных этого компьютера, если пароли всех администраторов будут утеряны. У других компьютеров школы, подключённых позже через общую папку, своего ключа восстановления нет: они заново загружают данные школы с общей папки. Ключ показывается только сейчас.</translation>
    </message>
</context>
<context>
    <name>ReportWindow</name>
    <message>
        <source>Class journal for binding</source>
        <translation>Классный журнал для брошюровки</translation>
    </message>
    <message>
        <source>Summary sheet</source>
        <translation>Сводная ведомость</translation>
    </message>
    <message>
        <source>Diary extract of a student</source>
        <translation>Выписка из дневника ученика</translation>
    </message>
    <message>
        <source>Diary extracts of the whole class</source>
        <translation>Выписки из дневников всего класса</translation>
    </message>
    <message>
        <source>Calendar-thematic plans of a class</source>
        <translation>КТП класса (все журналы)</translation>
    </message>
    <message>
        <source>Substitutions sheet of a day</source>
        <translation>Лист замен на день</translation>
    </message>
    <message>
        <source>Documents for printing</source>
        <translation>Документы для печати</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <source>Document:</source>
        <translation>Документ:</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Класс:</translation>
    </message>
    <message>
        <source>Student:</source>
        <translation>Ученик:</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Период:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>С:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>По:</translation>
    </message>
    <message>
        <source>Day:</source>
        <translation>День:</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>Построить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>The document</source>
        <translation>Готовый документ</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Печать…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Сохранить как PDF…</translation>
    </message>
    <message>
        <source>Save as XLSX…</source>
        <translation>Сохранить как XLSX…</translation>
    </message>
    <message>
        <source>There are no classes whose documents you may print.</source>
        <translation>Нет классов, документы которых вам разрешено печатать.</translation>
    </message>
    <message>
        <source>Reading the data…</source>
        <translation>Чтение данных…</translation>
    </message>
    <message>
        <source>Laying out the pages…</source>
        <translation>Вёрстка страниц…</translation>
    </message>
    <message>
        <source>Pages: %1</source>
        <translation>Страниц: %1</translation>
    </message>
    <message>
        <source>Ready. Print it or save it.</source>
        <translation>Готово. Документ можно напечатать или сохранить.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Построение отменено.</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Сохранить как PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Документы PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The file could not be saved: %1</source>
        <translation>Не удалось сохранить файл: %1</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Сохранено: %1</translation>
    </message>
    <message>
        <source>Save as XLSX</source>
        <translation>Сохранить как XLSX</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Книги Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing the workbook…</source>
        <translation>Запись книги Excel…</translation>
    </message>
    <message>
        <source>No printer is installed on this computer, so there is nothing to print on. Install a printer in the system settings, or save the document as PDF and print it on a computer that has one.

Save the document as PDF now?</source>
        <translation>На этом компьютере не установлен ни один принтер, печатать не на чем. Установите принтер в настройках системы или сохраните документ в PDF и напечатайте его на компьютере с принтером.

Сохранить документ в PDF сейчас?</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Печать…</translation>
    </message>
    <message>
        <source>The printer could not print the document.</source>
        <translation>Принтер не смог напечатать документ.</translation>
    </message>
    <message>
        <source>Printing cancelled.</source>
        <translation>Печать отменена.</translation>
    </message>
    <message numerus="yes">
        <source>Sent to the printer: %n page(s).</source>
        <translation>
            <numerusform>Отправлена на принтер %n страница.</numerusform>
            <numerusform>Отправлены на принтер %n страницы.</numerusform>
            <numerusform>Отправлено на принтер %n страниц.</numerusform>
        </translation>
    </message>
    <message>
        <source>Activity indicators</source>
        <translation>Показатели активности</translation>
    </message>
    <message>
        <source>Journal-keeping control</source>
        <translation>Контроль ведения журнала</translation>
    </message>
    <message>
        <source>Progress by subject and period</source>
        <translation>Успеваемость по предметам и периодам</translation>
    </message>
    <message>
        <source>Progress by teacher</source>
        <translation>Успеваемость по учителям</translation>
    </message>
    <message>
        <source>Progress by grade level</source>
        <translation>Успеваемость по параллелям</translation>
    </message>
    <message>
        <source>Attendance of a class</source>
        <translation>Посещаемость класса</translation>
    </message>
    <message>
        <source>Daily attendance sheet of a class</source>
        <translation>Ежедневный лист посещаемости класса</translation>
    </message>
    <message>
        <source>Substitutions and cancellations</source>
        <translation>Замены и отмены уроков</translation>
    </message>
    <message>
        <source>Quarterly report on keeping the electronic journal</source>
        <translation>Отчёт о ведении электронного журнала за период</translation>
    </message>
    <message>
        <source>Lines of the document</source>
        <translation>Строки документа</translation>
    </message>
    <message>
        <source>Double-click a line to open the journal at that lesson.</source>
        <translation>Двойной щелчок по строке открывает журнал на этом уроке.</translation>
    </message>
    <message>
        <source>Week of:</source>
        <translation>Неделя (любой её день):</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>administration</source>
        <translation>администрация</translation>
    </message>
    <message>
        <source>system administrator</source>
        <translation>системный администратор</translation>
    </message>
    <message>
        <source>teacher</source>
        <translation>учитель</translation>
    </message>
    <message>
        <source>student</source>
        <translation>ученик</translation>
    </message>
    <message>
        <source>parent</source>
        <translation>родитель</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>Creating the new year</source>
        <translation>Создание нового учебного года</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Остановить</translation>
    </message>
    <message>
        <source>Fill the new year&apos;s journals</source>
        <translation>Заполнить журналы нового года</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Начало…</translation>
    </message>
    <message>
        <source>The year %1 has everything already: nothing was added.</source>
        <translation>В учебном году %1 уже всё есть: ничего не добавлено.</translation>
    </message>
    <message>
        <source>The year %1 is created.</source>
        <translation>Учебный год %1 создан.</translation>
    </message>
    <message>
        <source>Students: promoted %1, kept in the grade %2, graduated %3, left %4.</source>
        <translation>Ученики: переведены — %1, оставлены в параллели — %2, выпущены — %3, выбыли — %4.</translation>
    </message>
    <message>
        <source>New classes: %1, groups: %2, group members: %3.</source>
        <translation>Новых классов: %1, групп: %2, участников групп: %3.</translation>
    </message>
    <message>
        <source>Assignments: %1, timetable lessons: %2, plan topics: %3.</source>
        <translation>Нагрузка: %1, уроков в расписании: %2, тем КТП: %3.</translation>
    </message>
    <message>
        <source>Periods: %1, holidays: %2, bells: %3.</source>
        <translation>Периодов: %1, каникул и праздников: %2, звонков: %3.</translation>
    </message>
    <message>
        <source>The timetable is a draft: check it («Timetable…»), then fill the journals with its lessons (here, or later by running the wizard again).</source>
        <translation>Расписание — черновик: проверьте его («Расписание…»), затем заполните журналы уроками (здесь или позже, запустив мастер ещё раз).</translation>
    </message>
</context>
<context>
    <name>SchoolCardWindow</name>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>Расшифровка</translation>
    </message>
    <message>
        <source>Mark</source>
        <translation>Отметка</translation>
    </message>
    <message>
        <source>Work type</source>
        <translation>Вид работы</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Вес</translation>
    </message>
    <message>
        <source>Nothing has changed.</source>
        <translation>Изменений нет.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>School card and rules</source>
        <translation>Карточка школы и правила</translation>
    </message>
    <message>
        <source>School</source>
        <translation>Школа</translation>
    </message>
    <message>
        <source>Full name (as in the charter):</source>
        <translation>Полное наименование (по уставу):</translation>
    </message>
    <message>
        <source>Short name:</source>
        <translation>Краткое наименование:</translation>
    </message>
    <message>
        <source>Director:</source>
        <translation>Директор:</translation>
    </message>
    <message>
        <source>surname, name, patronymic</source>
        <translation>фамилия, имя, отчество</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>Journal file index:</source>
        <translation>Индекс дела журналов:</translation>
    </message>
    <message>
        <source>from the school&apos;s list of files, e.g. 02-15</source>
        <translation>по номенклатуре дел школы, например 02-15</translation>
    </message>
    <message>
        <source>The index of the class journals in the school&apos;s list of files (номенклатура дел); printed on each journal&apos;s title page</source>
        <translation>Индекс классных журналов по номенклатуре дел школы; печатается на титульном листе каждого журнала</translation>
    </message>
    <message>
        <source>Notation</source>
        <translation>Обозначения</translation>
    </message>
    <message>
        <source>Attendance codes:</source>
        <translation>Отметки посещаемости:</translation>
    </message>
    <message>
        <source>Period and final marks:</source>
        <translation>Итоговые отметки:</translation>
    </message>
    <message>
        <source>Current marks:</source>
        <translation>Текущие отметки:</translation>
    </message>
    <message>
        <source>1, 2, 3, 4, 5</source>
        <translation>1, 2, 3, 4, 5</translation>
    </message>
    <message>
        <source>Taught without marks:</source>
        <translation>Безотметочное обучение:</translation>
    </message>
    <message>
        <source>Work types and marks</source>
        <translation>Виды работ и отметки</translation>
    </message>
    <message>
        <source>Each work type&apos;s weight counts in the weighted average mark of the period.</source>
        <translation>Вес вида работы учитывается в среднем взвешенном балле за период.</translation>
    </message>
    <message>
        <source>Default work type:</source>
        <translation>Вид работы по умолчанию:</translation>
    </message>
    <message>
        <source>Round the average up from a fraction of:</source>
        <translation>Округлять средний балл вверх с дробной части:</translation>
    </message>
    <message>
        <source>Time windows</source>
        <translation>Сроки записей</translation>
    </message>
    <message>
        <source>Marks and attendance are entered on the lesson day. Entries made later are allowed but recorded as late; after the correction window only the administration may change them, with a reason.</source>
        <translation>Отметки и посещаемость вносятся в день урока. Более поздние записи разрешены, но отмечаются как несвоевременные; после срока исправлений менять их может только администрация, с указанием причины.</translation>
    </message>
    <message>
        <source>Homework on time within:</source>
        <translation>Домашнее задание вовремя:</translation>
    </message>
    <message>
        <source> min after the lesson</source>
        <translation> мин после урока</translation>
    </message>
    <message>
        <source>Period marks in the last:</source>
        <translation>Итоговые отметки за:</translation>
    </message>
    <message>
        <source> days of the period</source>
        <translation> дн. до конца периода</translation>
    </message>
    <message>
        <source>Correction window:</source>
        <translation>Исправления без причины:</translation>
    </message>
    <message>
        <source> days after the lesson</source>
        <translation> дн. после урока</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>Вход</translation>
    </message>
    <message>
        <source>Minimum password length:</source>
        <translation>Минимальная длина пароля:</translation>
    </message>
    <message>
        <source>Lock the account after:</source>
        <translation>Блокировать учётную запись после:</translation>
    </message>
    <message>
        <source> failed attempts</source>
        <translation> неудачных попыток</translation>
    </message>
    <message>
        <source>Locked for:</source>
        <translation>Блокировка на:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Per kind of computer</source>
        <translation>По видам компьютеров</translation>
    </message>
    <message>
        <source>Lock when idle for</source>
        <translation>Блокировка при бездействии</translation>
    </message>
    <message>
        <source>“Remember me”</source>
        <translation>«Запомнить меня»</translation>
    </message>
    <message>
        <source>Classroom computers:</source>
        <translation>Компьютеры учебных кабинетов:</translation>
    </message>
    <message>
        <source>allowed</source>
        <translation>разрешено</translation>
    </message>
    <message>
        <source>Administration computers:</source>
        <translation>Компьютеры администрации:</translation>
    </message>
    <message>
        <source>A computer takes the new rules at its next sign-in.</source>
        <translation>Компьютер применит новые правила при следующем входе.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>SchoolYearWindow</name>
    <message>
        <source>Mon</source>
        <translation>Пн</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>Вт</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>Ср</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>Чт</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>Пт</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>Сб</translation>
    </message>
    <message>
        <source>Close period…</source>
        <translation>Закрыть период…</translation>
    </message>
    <message>
        <source>Reopen period</source>
        <translation>Открыть период</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Grades</source>
        <translation>Классы</translation>
    </message>
    <message>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <source>To</source>
        <translation>По</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>закрыт</translation>
    </message>
    <message>
        <source>open</source>
        <translation>открыт</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>Урок</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>Начало</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>Конец</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Минут</translation>
    </message>
    <message>
        <source> (current)</source>
        <translation> (текущий)</translation>
    </message>
    <message>
        <source>no school year yet</source>
        <translation>учебного года ещё нет</translation>
    </message>
    <message>
        <source>Create the school year: «New school year…».</source>
        <translation>Создайте учебный год: «Новый учебный год…».</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>Replace the %1 study periods of this year with the preset&apos;s?</source>
        <translation>Заменить учебные периоды этого года (%1) периодами из образца?</translation>
    </message>
    <message>
        <source>Remove %1 study period(s)?</source>
        <translation>Удалить учебные периоды (%1)?</translation>
    </message>
    <message>
        <source>Reopen the period «%1»? Teachers will again change its marks without a reason.</source>
        <translation>Открыть период «%1»? Учителя снова смогут менять его отметки без указания причины.</translation>
    </message>
    <message>
        <source>Remove %1 holiday(s)?</source>
        <translation>Удалить неучебные дни (%1)?</translation>
    </message>
    <message>
        <source>Replace the bell schedule with seven 45-minute lessons from 08:30?</source>
        <translation>Заменить расписание звонков семью уроками по 45 минут с 08:30?</translation>
    </message>
    <message>
        <source>School year, periods, holidays and bells</source>
        <translation>Учебный год, периоды, каникулы и звонки</translation>
    </message>
    <message>
        <source>School year:</source>
        <translation>Учебный год:</translation>
    </message>
    <message>
        <source>Change dates…</source>
        <translation>Изменить даты…</translation>
    </message>
    <message>
        <source>Make current</source>
        <translation>Сделать текущим</translation>
    </message>
    <message>
        <source>New school year…</source>
        <translation>Новый учебный год…</translation>
    </message>
    <message>
        <source>Study periods</source>
        <translation>Учебные периоды</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>Образец:</translation>
    </message>
    <message>
        <source>Fill the periods from the preset</source>
        <translation>Заполнить периоды по образцу</translation>
    </message>
    <message>
        <source>Holidays and non-school days</source>
        <translation>Каникулы и неучебные дни</translation>
    </message>
    <message>
        <source>Add the usual vacations and public holidays</source>
        <translation>Добавить обычные каникулы и праздники</translation>
    </message>
    <message>
        <source>Bells</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <source>Main schedule</source>
        <translation>Основное расписание</translation>
    </message>
    <message>
        <source>Fill with 45-minute lessons from 08:30</source>
        <translation>Заполнить: уроки по 45 минут с 08:30</translation>
    </message>
    <message>
        <source>Second schedule (e.g. a shortened Saturday)</source>
        <translation>Второе расписание (например, сокращённая суббота)</translation>
    </message>
    <message>
        <source>On:</source>
        <translation>По дням:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Next year…</source>
        <translation>Следующий год…</translation>
    </message>
    <message>
        <source>Make the next school year from this one: classes and students promoted, load, timetable and plans copied</source>
        <translation>Сделать следующий учебный год из этого: перевести классы и учеников, скопировать нагрузку, расписание и КТП</translation>
    </message>
</context>
<context>
    <name>Sections</name>
    <message>
        <source>Journals</source>
        <translation>Журналы</translation>
    </message>
    <message>
        <source>My journals</source>
        <translation>Мои журналы</translation>
    </message>
    <message>
        <source>My class and diary extracts</source>
        <translation>Мой класс и выписки</translation>
    </message>
    <message>
        <source>School</source>
        <translation>Школа</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Администрирование</translation>
    </message>
    <message>
        <source>Diary</source>
        <translation>Дневник</translation>
    </message>
</context>
<context>
    <name>SetupChecklist</name>
    <message>
        <source>School card and rules</source>
        <translation>Карточка школы и правила</translation>
    </message>
    <message>
        <source>School year and study periods</source>
        <translation>Учебный год и учебные периоды</translation>
    </message>
    <message>
        <source>Bells</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <source>Holidays and non-school days</source>
        <translation>Каникулы и неучебные дни</translation>
    </message>
    <message>
        <source>Subjects</source>
        <translation>Предметы</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Сотрудники</translation>
    </message>
    <message>
        <source>Classes and groups</source>
        <translation>Классы и группы</translation>
    </message>
    <message>
        <source>Students and parents (consents)</source>
        <translation>Ученики и родители (согласия)</translation>
    </message>
    <message>
        <source>Teaching assignments</source>
        <translation>Учебная нагрузка</translation>
    </message>
    <message>
        <source>Timetable</source>
        <translation>Расписание уроков</translation>
    </message>
    <message>
        <source>Calendar-thematic plans (КТП)</source>
        <translation>Календарно-тематические планы (КТП)</translation>
    </message>
    <message>
        <source>Accounts and login slips</source>
        <translation>Учётные записи и листки с паролями</translation>
    </message>
    <message>
        <source>Setting up the school</source>
        <translation>Подготовка школы к работе</translation>
    </message>
    <message>
        <source>Go through the steps in order: each step&apos;s screen opens with its button. The list stays here until everything is done.</source>
        <translation>Пройдите шаги по порядку: экран каждого шага открывается его кнопкой. Список остаётся здесь, пока всё не будет сделано.</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Открыть…</translation>
    </message>
    <message>
        <source>Create the school year first.</source>
        <translation>Сначала создайте учебный год.</translation>
    </message>
    <message>
        <source>The names and the director are entered; check the notation, work types and time windows.</source>
        <translation>Наименования и директор внесены; проверьте обозначения, виды работ и сроки записей.</translation>
    </message>
    <message>
        <source>Enter the school&apos;s names and director.</source>
        <translation>Внесите наименования школы и директора.</translation>
    </message>
    <message>
        <source>No school year yet: create it, and fill its study periods and holidays from a preset.</source>
        <translation>Учебного года ещё нет: создайте его и заполните периоды и каникулы по образцу.</translation>
    </message>
    <message>
        <source>School year %1: %2 study periods.</source>
        <translation>Учебный год %1: учебных периодов — %2.</translation>
    </message>
    <message>
        <source>%1 lessons in the bell schedule.</source>
        <translation>В расписании звонков уроков: %1.</translation>
    </message>
    <message>
        <source>No bell schedule yet.</source>
        <translation>Расписания звонков ещё нет.</translation>
    </message>
    <message>
        <source>%1 vacations, holidays and non-school days.</source>
        <translation>Каникул, праздников и неучебных дней: %1.</translation>
    </message>
    <message>
        <source>No vacations or holidays yet.</source>
        <translation>Каникулы и праздники ещё не внесены.</translation>
    </message>
    <message>
        <source>%1 subjects.</source>
        <translation>Предметов: %1.</translation>
    </message>
    <message>
        <source>No subjects yet.</source>
        <translation>Предметов ещё нет.</translation>
    </message>
    <message>
        <source>%1 staff members.</source>
        <translation>Сотрудников: %1.</translation>
    </message>
    <message>
        <source>Only the director so far: add the teachers.</source>
        <translation>Пока внесён только директор: добавьте учителей.</translation>
    </message>
    <message>
        <source>%1 classes.</source>
        <translation>Классов: %1.</translation>
    </message>
    <message>
        <source>No classes yet.</source>
        <translation>Классов ещё нет.</translation>
    </message>
    <message>
        <source>No class teacher: %1.</source>
        <translation>Без классного руководителя: %1.</translation>
    </message>
    <message>
        <source>%1 students, %2 parents, consents registered for %3.</source>
        <translation>Учеников: %1, родителей: %2, согласия зарегистрированы у %3.</translation>
    </message>
    <message>
        <source>No students yet.</source>
        <translation>Учеников ещё нет.</translation>
    </message>
    <message>
        <source>Add the classes first.</source>
        <translation>Сначала добавьте классы.</translation>
    </message>
    <message>
        <source>No students in: %1.</source>
        <translation>Нет учеников в классах: %1.</translation>
    </message>
    <message>
        <source>%1 teaching assignments.</source>
        <translation>Строк учебной нагрузки: %1.</translation>
    </message>
    <message>
        <source>No teaching assignments yet: a journal appears for each one.</source>
        <translation>Учебной нагрузки ещё нет: журнал появляется для каждой её строки.</translation>
    </message>
    <message>
        <source>Classes without a teaching load: %1.</source>
        <translation>Классы без нагрузки: %1.</translation>
    </message>
    <message>
        <source>Filled for %1 of %2 classes.</source>
        <translation>Заполнено для %1 из %2 классов.</translation>
    </message>
    <message>
        <source>Comes after the classes and teaching assignments.</source>
        <translation>После классов и учебной нагрузки.</translation>
    </message>
    <message>
        <source>Not every lesson of the week is placed in: %1.</source>
        <translation>Не все уроки недели расставлены: %1.</translation>
    </message>
    <message>
        <source>%1 of %2 teaching assignments have a plan.</source>
        <translation>КТП есть у %1 из %2 строк нагрузки.</translation>
    </message>
    <message>
        <source>Comes after the teaching assignments.</source>
        <translation>После учебной нагрузки.</translation>
    </message>
    <message>
        <source>Teachers fill their plans from the journal («КТП…»); here the administration edits, imports or copies any journal&apos;s plan.</source>
        <translation>Учителя заполняют планы из журнала («КТП…»); здесь администрация может изменить, загрузить из файла или скопировать план любого журнала.</translation>
    </message>
    <message>
        <source>%1 accounts: everyone has one.</source>
        <translation>Учётных записей: %1, они есть у всех.</translation>
    </message>
    <message>
        <source>Without an account: %1 staff, %2 students, %3 parents.</source>
        <translation>Без учётной записи: сотрудников — %1, учеников — %2, родителей — %3.</translation>
    </message>
    <message>
        <source>Comes after the staff and students.</source>
        <translation>После сотрудников и учеников.</translation>
    </message>
</context>
<context>
    <name>SetupScreens</name>
    <message>
        <source>Only the administration sets up the school.</source>
        <translation>Подготовку школы к работе ведёт только администрация.</translation>
    </message>
</context>
<context>
    <name>ShareWindow</name>
    <message>
        <source>Share and computers</source>
        <translation>Общая папка и компьютеры</translation>
    </message>
    <message>
        <source>The school&apos;s share</source>
        <translation>Общая папка школы</translation>
    </message>
    <message>
        <source>\\server\journal, a mapped drive or a mounted folder</source>
        <translation>\\сервер\журнал, сетевой диск или смонтированная папка</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Проверить</translation>
    </message>
    <message>
        <source>Set up this folder…</source>
        <translation>Настроить эту папку…</translation>
    </message>
    <message>
        <source>The school&apos;s computers</source>
        <translation>Компьютеры школы</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>This computer is not connected to a school share yet.</source>
        <translation>Этот компьютер ещё не подключён к общей папке школы.</translation>
    </message>
    <message>
        <source>Choose the folder on the school&apos;s file server that the computers will share (ask the system administrator to create it and give every computer read and write access), check it and set it up.</source>
        <translation>Выберите папку на файловом сервере школы, через которую будут работать компьютеры (попросите системного администратора создать её и дать всем компьютерам доступ на чтение и запись), проверьте её и настройте.</translation>
    </message>
    <message>
        <source>The share is set up at the administration workstation.</source>
        <translation>Общую папку настраивают на компьютере администрации.</translation>
    </message>
    <message>
        <source>Share: %1 — unavailable: %2</source>
        <translation>Общая папка: %1 — недоступна: %2</translation>
    </message>
    <message>
        <source>Share: %1 — available.</source>
        <translation>Общая папка: %1 — доступна.</translation>
    </message>
    <message>
        <source>Recovery: this computer&apos;s database also opens with the recovery key shown when the school was created (keep it in the school&apos;s safe).</source>
        <translation>Восстановление: база данных этого компьютера открывается и ключом восстановления, показанным при создании школы (храните его в сейфе школы).</translation>
    </message>
    <message>
        <source>Recovery: this computer has no recovery key of its own. The school&apos;s recovery key opens only the administration workstation where the school was created. A forgotten password is reset by the administration and arrives here with the next synchronisation; if this computer&apos;s database is lost, connect the computer anew — the school loads from the share.</source>
        <translation>Восстановление: у этого компьютера нет своего ключа восстановления. Ключ восстановления школы открывает только компьютер администрации, на котором школа создана. Забытый пароль сбрасывает администрация — новый придёт сюда со следующей синхронизацией; если база данных этого компьютера потеряна, подключите компьютер заново — данные школы загрузятся с общей папки.</translation>
    </message>
    <message>
        <source>Recovery: this computer has no recovery key.</source>
        <translation>Восстановление: у этого компьютера нет ключа восстановления.</translation>
    </message>
    <message>
        <source>The school&apos;s share folder</source>
        <translation>Общая папка школы</translation>
    </message>
    <message>
        <source>Type or choose the share folder.</source>
        <translation>Введите или выберите общую папку.</translation>
    </message>
    <message>
        <source>Setting up the share…</source>
        <translation>Настройка общей папки…</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Demo school: sign in with any of these logins.</source>
        <translation>Демонстрационная школа: войдите под любым из этих логинов.</translation>
    </message>
    <message>
        <source>All logins are listed in %1.</source>
        <translation>Все логины — в файле %1.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Вход…</translation>
    </message>
    <message>
        <source>Enter your login and password.</source>
        <translation>Введите логин и пароль.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Вход</translation>
    </message>
    <message>
        <source>School Journal</source>
        <translation>Школьный журнал</translation>
    </message>
    <message>
        <source>Sign in with your login and password</source>
        <translation>Войдите со своим логином и паролем</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логин:</translation>
    </message>
    <message>
        <source>for example, ivanova.ap</source>
        <translation>например, ivanova.ap</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>&amp;Remember me on this computer</source>
        <translation>&amp;Запомнить меня на этом компьютере</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Войти</translation>
    </message>
    <message>
        <source>The database file is damaged. Restore it from a backup.</source>
        <translation>Файл базы данных повреждён. Восстановите его из резервной копии.</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <source>Everyone who works at the school. A staff member who left is deactivated, not deleted: their journals keep their name, and their accounts are disabled.</source>
        <translation>Все, кто работает в школе. Уволившийся сотрудник не удаляется, а отмечается как выбывший: журналы сохраняют его имя, учётные записи отключаются.</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <source>Class teacher of</source>
        <translation>Кл. руководитель</translation>
    </message>
    <message>
        <source>Hours a week</source>
        <translation>Часов в неделю</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>works</source>
        <translation>работает</translation>
    </message>
    <message>
        <source>left</source>
        <translation>уволен</translation>
    </message>
    <message>
        <source>Search by name, position or login</source>
        <translation>Поиск по имени, должности или логину</translation>
    </message>
    <message>
        <source>&amp;Add staff member…</source>
        <translation>&amp;Добавить сотрудника…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>&amp;Left the school…</source>
        <translation>&amp;Уволился…</translation>
    </message>
    <message>
        <source>&amp;Works again</source>
        <translation>&amp;Снова работает</translation>
    </message>
    <message>
        <source>Surname:</source>
        <translation>Фамилия:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Имя:</translation>
    </message>
    <message>
        <source>Patronymic:</source>
        <translation>Отчество:</translation>
    </message>
    <message>
        <source>Gender:</source>
        <translation>Пол:</translation>
    </message>
    <message>
        <source>Position:</source>
        <translation>Должность:</translation>
    </message>
    <message>
        <source>New staff member</source>
        <translation>Новый сотрудник</translation>
    </message>
    <message>
        <source>%1 left the school? Their accounts will be disabled; their journals stay until you give them to another teacher.</source>
        <translation>%1 больше не работает в школе? Учётные записи будут отключены; журналы останутся, пока вы не передадите их другому учителю.</translation>
    </message>
</context>
<context>
    <name>StudentCardWindow</name>
    <message>
        <source>&amp;Add parent…</source>
        <translation>&amp;Добавить родителя…</translation>
    </message>
    <message>
        <source>&amp;Link a parent already entered…</source>
        <translation>&amp;Связать с уже внесённым родителем…</translation>
    </message>
    <message>
        <source>&amp;Edit parent…</source>
        <translation>&amp;Изменить родителя…</translation>
    </message>
    <message>
        <source>&amp;Unlink</source>
        <translation>&amp;Отвязать</translation>
    </message>
    <message>
        <source>Parents and consents</source>
        <translation>Родители и согласия</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Класс</translation>
    </message>
    <message>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Приказ</translation>
    </message>
    <message>
        <source>To</source>
        <translation>По</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Классы</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Группы</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Закрыть</translation>
    </message>
    <message>
        <source>Surname:</source>
        <translation>Фамилия:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Имя:</translation>
    </message>
    <message>
        <source>Patronymic:</source>
        <translation>Отчество:</translation>
    </message>
    <message>
        <source>Gender:</source>
        <translation>Пол:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Телефон:</translation>
    </message>
    <message>
        <source>New parent of %1</source>
        <translation>Новый родитель: %1</translation>
    </message>
    <message>
        <source>Relation:</source>
        <translation>Кем приходится:</translation>
    </message>
    <message>
        <source>Link a parent to %1</source>
        <translation>Связать родителя: %1</translation>
    </message>
    <message>
        <source>For brothers and sisters: the parent is entered once and linked to each child. Start typing the surname.</source>
        <translation>Для братьев и сестёр: родитель вносится один раз и связывается с каждым ребёнком. Начните вводить фамилию.</translation>
    </message>
    <message>
        <source>Parent:</source>
        <translation>Родитель:</translation>
    </message>
    <message>
        <source>Unlink %1 from %2? The parent will no longer see this student&apos;s diary.</source>
        <translation>Отвязать %1 от ученика %2? Родитель больше не увидит дневник этого ученика.</translation>
    </message>
</context>
<context>
    <name>StudentsPage</name>
    <message>
        <source>Every student of the school. Arrival, leaving and transfers are entered with the date and the order number; a student who left stays in the list (greyed).</source>
        <translation>Все ученики школы. Зачисление, выбытие и перевод вносятся с датой и номером приказа; выбывший ученик остаётся в списке (серым).</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Класс</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Дата рождения</translation>
    </message>
    <message>
        <source>Personal file</source>
        <translation>Личное дело</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Приказ</translation>
    </message>
    <message>
        <source>Parents</source>
        <translation>Родители</translation>
    </message>
    <message>
        <source>Search by name, class or personal file</source>
        <translation>Поиск по имени, классу или личному делу</translation>
    </message>
    <message>
        <source>&amp;Add student…</source>
        <translation>&amp;Добавить ученика…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>E&amp;nrol…</source>
        <translation>&amp;Зачислить…</translation>
    </message>
    <message>
        <source>&amp;Leaves…</source>
        <translation>&amp;Выбытие…</translation>
    </message>
    <message>
        <source>&amp;Transfer…</source>
        <translation>&amp;Перевод…</translation>
    </message>
    <message>
        <source>Comes &amp;back…</source>
        <translation>&amp;Вернуть…</translation>
    </message>
    <message>
        <source>&amp;Parents and consents…</source>
        <translation>&amp;Родители и согласия…</translation>
    </message>
    <message>
        <source>studies since %1</source>
        <translation>учится с %1</translation>
    </message>
    <message>
        <source>left %1</source>
        <translation>выбыл %1</translation>
    </message>
    <message>
        <source>not enrolled</source>
        <translation>не зачислен</translation>
    </message>
    <message>
        <source>Health, PE</source>
        <translation>Здоровье, физкультура</translation>
    </message>
    <message>
        <source>Studying now</source>
        <translation>Учатся сейчас</translation>
    </message>
    <message>
        <source>All students</source>
        <translation>Все ученики</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Выбывшие</translation>
    </message>
    <message>
        <source>Not enrolled</source>
        <translation>Не зачислены</translation>
    </message>
    <message>
        <source>Class %1</source>
        <translation>%1 класс</translation>
    </message>
    <message>
        <source>Surname:</source>
        <translation>Фамилия:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Имя:</translation>
    </message>
    <message>
        <source>Patronymic:</source>
        <translation>Отчество:</translation>
    </message>
    <message>
        <source>Gender:</source>
        <translation>Пол:</translation>
    </message>
    <message>
        <source>Born:</source>
        <translation>Дата рождения:</translation>
    </message>
    <message>
        <source>Personal file №:</source>
        <translation>№ личного дела:</translation>
    </message>
    <message>
        <source>Health group:</source>
        <translation>Группа здоровья:</translation>
    </message>
    <message>
        <source>PE group:</source>
        <translation>Группа по физкультуре:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>New student</source>
        <translation>Новый ученик</translation>
    </message>
    <message>
        <source>Choose a class to enrol the student at once (by the order of enrolment).</source>
        <translation>Выберите класс, чтобы сразу зачислить ученика (по приказу о зачислении).</translation>
    </message>
    <message>
        <source>Enrol in class:</source>
        <translation>Зачислить в класс:</translation>
    </message>
    <message>
        <source>— do not enrol now —</source>
        <translation>— пока не зачислять —</translation>
    </message>
    <message>
        <source>Enrolled from:</source>
        <translation>Зачислен с:</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>Приказ:</translation>
    </message>
    <message>
        <source>e.g. «№ 45-у от 01.09.2026»</source>
        <translation>например, «№ 45-у от 01.09.2026»</translation>
    </message>
    <message>
        <source>%1 comes back</source>
        <translation>Возвращение: %1</translation>
    </message>
    <message>
        <source>Enrol %1</source>
        <translation>Зачисление: %1</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Класс:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>С:</translation>
    </message>
    <message>
        <source>%1 leaves %2</source>
        <translation>Выбытие: %1, %2 класс</translation>
    </message>
    <message>
        <source>The last day in the class; from the next day the student is not in its journals.</source>
        <translation>Последний день в классе; со следующего дня ученика нет в его журналах.</translation>
    </message>
    <message>
        <source>Last day:</source>
        <translation>Последний день:</translation>
    </message>
    <message>
        <source>e.g. «№ 77-у от 10.11.2026»</source>
        <translation>например, «№ 77-у от 10.11.2026»</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Причина:</translation>
    </message>
    <message>
        <source>Transfer %1</source>
        <translation>Перевод: %1</translation>
    </message>
    <message>
        <source>The student leaves %1 after the last day and is in the new class from the next day, by the same order.</source>
        <translation>Ученик выбывает из %1 класса после последнего дня и со следующего дня учится в новом классе — по тому же приказу.</translation>
    </message>
    <message>
        <source>To class:</source>
        <translation>В класс:</translation>
    </message>
    <message>
        <source>Last day in %1:</source>
        <translation>Последний день в %1:</translation>
    </message>
    <message>
        <source>e.g. «№ 80-у от 15.11.2026»</source>
        <translation>например, «№ 80-у от 15.11.2026»</translation>
    </message>
    <message>
        <source>What happens to each student</source>
        <translation>Что будет с каждым учеником</translation>
    </message>
    <message>
        <source>By default every class goes up a grade and the 11th grades graduate. Select students (Ctrl+A: the whole class) and choose for them.</source>
        <translation>По умолчанию каждый класс переводится в следующую параллель, 11-е классы выпускаются. Выделите учеников (Ctrl+A — весь класс) и выберите для них решение.</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>Ученик</translation>
    </message>
    <message>
        <source>Next year</source>
        <translation>В новом году</translation>
    </message>
    <message>
        <source>Promote</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <source>Keep in the grade</source>
        <translation>Оставить в параллели</translation>
    </message>
    <message>
        <source>Graduate</source>
        <translation>Выпустить</translation>
    </message>
    <message>
        <source>Leaves</source>
        <translation>Выбывает</translation>
    </message>
    <message>
        <source>already in a class of the new year</source>
        <translation>уже в классе нового года</translation>
    </message>
    <message>
        <source>Promoted: %1, kept: %2, graduate: %3, leave: %4.</source>
        <translation>Переводятся: %1, остаются: %2, выпускаются: %3, выбывают: %4.</translation>
    </message>
    <message>
        <source>promoted</source>
        <translation>переводится</translation>
    </message>
    <message>
        <source>kept in the grade</source>
        <translation>остаётся в параллели</translation>
    </message>
    <message>
        <source>graduates</source>
        <translation>выпускается</translation>
    </message>
    <message>
        <source>leaves the school</source>
        <translation>выбывает из школы</translation>
    </message>
</context>
<context>
    <name>SubjectOverviewModel</name>
    <message>
        <source>Subject</source>
        <translation>Предмет</translation>
    </message>
    <message>
        <source>Marks</source>
        <translation>Отметки</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Средний балл</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Прогноз</translation>
    </message>
    <message>
        <source>Period mark</source>
        <translation>За период</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Пропуски</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>Учитель</translation>
    </message>
    <message>
        <source>%1 (illness %2)</source>
        <translation>%1 (по болезни %2)</translation>
    </message>
    <message numerus="yes">
        <source>%n more mark(s) «%1»</source>
        <translation>
            <numerusform>ещё %n отметка «%1»</numerusform>
            <numerusform>ещё %n отметки «%1»</numerusform>
            <numerusform>ещё %n отметок «%1»</numerusform>
        </translation>
    </message>
    <message>
        <source>of weight %1</source>
        <translation>с весом %1</translation>
    </message>
    <message>
        <source>This subject is not marked with numbers.</source>
        <translation>По этому предмету отметки баллами не ставятся.</translation>
    </message>
    <message>
        <source>No marks in this period yet: any mark will set the forecast.</source>
        <translation>В этом периоде отметок пока нет: прогноз появится с первой отметкой.</translation>
    </message>
    <message>
        <source>The forecast is already the highest mark.</source>
        <translation>Прогноз уже наивысший.</translation>
    </message>
    <message>
        <source> or </source>
        <translation> или </translation>
    </message>
    <message>
        <source>To get «%1»:</source>
        <translation>Чтобы вышло «%1»:</translation>
    </message>
    <message>
        <source>No realistic number of new marks changes the forecast.</source>
        <translation>Прогноз не изменить разумным числом новых отметок.</translation>
    </message>
</context>
<context>
    <name>SubjectsPage</name>
    <message>
        <source>Subjects of the school&apos;s curriculum. The short name is printed where space is tight (the journal&apos;s contents, extracts).</source>
        <translation>Предметы учебного плана школы. Краткое название печатается там, где мало места (оглавление журнала, выписки).</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Предмет</translation>
    </message>
    <message>
        <source>Short name</source>
        <translation>Краткое название</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>Оценивание</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Порядок</translation>
    </message>
    <message>
        <source>Journals this year</source>
        <translation>Журналов в этом году</translation>
    </message>
    <message>
        <source>Search by name</source>
        <translation>Поиск по названию</translation>
    </message>
    <message>
        <source>&amp;Add subject…</source>
        <translation>&amp;Добавить предмет…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>Short name:</source>
        <translation>Краткое название:</translation>
    </message>
    <message>
        <source>e.g. «Рус. яз.»</source>
        <translation>например, «Рус. яз.»</translation>
    </message>
    <message>
        <source>Assessment:</source>
        <translation>Оценивание:</translation>
    </message>
    <message>
        <source>Order in lists:</source>
        <translation>Порядок в списках:</translation>
    </message>
    <message>
        <source>New subject</source>
        <translation>Новый предмет</translation>
    </message>
    <message>
        <source>Subject: %1</source>
        <translation>Предмет: %1</translation>
    </message>
</context>
<context>
    <name>SubstitutionsWindow</name>
    <message>
        <source>Substitutions</source>
        <translation>Замены уроков</translation>
    </message>
    <message>
        <source>Absent teacher:</source>
        <translation>Отсутствует учитель:</translation>
    </message>
    <message>
        <source>from</source>
        <translation>с</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Причина:</translation>
    </message>
    <message>
        <source>teacher&apos;s illness</source>
        <translation>болезнь учителя</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Чтение…</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>Урок</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>Журнал</translation>
    </message>
    <message>
        <source>Substitute</source>
        <translation>Замена</translation>
    </message>
    <message>
        <source>Free at this lesson:</source>
        <translation>Свободны на этом уроке:</translation>
    </message>
    <message>
        <source>Assign substitute</source>
        <translation>Назначить замену</translation>
    </message>
    <message>
        <source>Remove the substitution</source>
        <translation>Снять замену</translation>
    </message>
    <message>
        <source>Cancel the lesson</source>
        <translation>Отменить урок</translation>
    </message>
    <message>
        <source>Restore the lesson</source>
        <translation>Вернуть урок</translation>
    </message>
    <message>
        <source>Sheet of the day to PDF…</source>
        <translation>Лист замен на день в PDF…</translation>
    </message>
    <message>
        <source>The day&apos;s substitutions and cancelled lessons of the whole school, for the staff room (the first day chosen above).</source>
        <translation>Замены и отменённые уроки всей школы за день — для учительской (первый из выбранных выше дней).</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>No school year has been created yet.</source>
        <translation>Учебный год ещё не создан.</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>урок отменён</translation>
    </message>
    <message>
        <source>Lessons in these days: %1; without a substitute: %2.</source>
        <translation>Уроков в эти дни: %1; без замены: %2.</translation>
    </message>
    <message>
        <source>The teacher has no lessons in these days.</source>
        <translation>У учителя нет уроков в эти дни.</translation>
    </message>
    <message>
        <source>Free on %1 at lesson %2 (teachers of the subject first):</source>
        <translation>Свободны %1 на %2-м уроке (сначала учителя этого предмета):</translation>
    </message>
    <message>
        <source>teaches this subject</source>
        <translation>ведёт этот предмет</translation>
    </message>
    <message>
        <source>%1 substitutes lesson %2 on %3.</source>
        <translation>%1 заменяет %2-й урок %3.</translation>
    </message>
    <message>
        <source>The substitution was removed.</source>
        <translation>Замена снята.</translation>
    </message>
    <message>
        <source>Cancel lesson %1 on %2 (%3)? The reason «%4» goes into the change log.</source>
        <translation>Отменить %1-й урок %2 (%3)? Причина «%4» будет записана в журнал изменений.</translation>
    </message>
    <message>
        <source>The lesson was cancelled.</source>
        <translation>Урок отменён.</translation>
    </message>
    <message>
        <source>The lesson was restored.</source>
        <translation>Урок возвращён в расписание.</translation>
    </message>
    <message>
        <source>Save the sheet</source>
        <translation>Сохранить лист замен</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The sheet is saved as %1.</source>
        <translation>Лист замен сохранён в файл %1.</translation>
    </message>
    <message>
        <source>Printing the sheet…</source>
        <translation>Печать листа замен…</translation>
    </message>
</context>
<context>
    <name>SyncBar</name>
    <message>
        <source>Sync</source>
        <translation>Синхронизировать</translation>
    </message>
    <message>
        <source>Set up…</source>
        <translation>Настроить…</translation>
    </message>
    <message>
        <source>Share and computers</source>
        <translation>Общая папка и компьютеры</translation>
    </message>
    <message>
        <source>Sync: checking…</source>
        <translation>Синхронизация: проверка…</translation>
    </message>
    <message>
        <source>Sync: the state could not be read</source>
        <translation>Синхронизация: не удалось прочитать состояние</translation>
    </message>
    <message>
        <source>Synchronising…</source>
        <translation>Синхронизация…</translation>
    </message>
    <message>
        <source>Synchronising: %1</source>
        <translation>Синхронизация: %1</translation>
    </message>
    <message>
        <source>Sync failed: %1</source>
        <translation>Синхронизация не выполнена: %1</translation>
    </message>
    <message>
        <source>Synchronisation failed: %1</source>
        <translation>Синхронизация не выполнена: %1</translation>
    </message>
    <message>
        <source>Share: %1</source>
        <translation>Общая папка: %1</translation>
    </message>
    <message>
        <source>Click to see the conflicts and refused changes.</source>
        <translation>Щёлкните, чтобы открыть конфликты и отклонённые изменения.</translation>
    </message>
    <message>
        <source>Sync: not set up on this computer</source>
        <translation>Синхронизация не настроена</translation>
    </message>
    <message>
        <source>Share unavailable: %1</source>
        <translation>Общая папка недоступна: %1</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>Синхронизации ещё не было</translation>
    </message>
    <message>
        <source>Synced at %1</source>
        <translation>Синхронизировано %1</translation>
    </message>
    <message>
        <source>waiting to go out: %1</source>
        <translation>ждут отправки: %1</translation>
    </message>
    <message>
        <source>conflicts: %1</source>
        <translation>конфликтов: %1</translation>
    </message>
    <message>
        <source>refused: %1</source>
        <translation>отклонено: %1</translation>
    </message>
    <message>
        <source>stopped computers: %1</source>
        <translation>остановлен приём от компьютеров: %1</translation>
    </message>
    <message>
        <source>data differs from computers: %1</source>
        <translation>данные расходятся с компьютерами: %1</translation>
    </message>
</context>
<context>
    <name>SyncConflictsWindow</name>
    <message>
        <source>Conflicts and refused changes</source>
        <translation>Конфликты и отклонённые изменения</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Конфликты</translation>
    </message>
    <message>
        <source>Refused changes</source>
        <translation>Отклонённые изменения</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Где</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <source>Shown now</source>
        <translation>Показано сейчас</translation>
    </message>
    <message>
        <source>Other value</source>
        <translation>Другое значение</translation>
    </message>
    <message>
        <source>Open journal</source>
        <translation>Открыть журнал</translation>
    </message>
    <message>
        <source>Keep the value shown</source>
        <translation>Оставить показанное</translation>
    </message>
    <message>
        <source>Take the other value</source>
        <translation>Взять другое значение</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Компьютер</translation>
    </message>
    <message>
        <source>What it tried</source>
        <translation>Что пытались изменить</translation>
    </message>
    <message>
        <source>Why refused</source>
        <translation>Почему отклонено</translation>
    </message>
    <message>
        <source>Reading the lists…</source>
        <translation>Чтение списков…</translation>
    </message>
    <message>
        <source>(record no longer in the journal)</source>
        <translation>(записи уже нет в журнале)</translation>
    </message>
    <message>
        <source>Open conflicts: %1. Every computer shows the same value; the other one is kept until someone chooses.</source>
        <translation>Открытых конфликтов: %1. Все компьютеры показывают одно и то же значение; другое хранится, пока кто-нибудь не выберет.</translation>
    </message>
    <message>
        <source>No open conflicts.</source>
        <translation>Открытых конфликтов нет.</translation>
    </message>
    <message>
        <source>Refused changes: %1. No computer applied them except the one they were made on.</source>
        <translation>Отклонённых изменений: %1. Их не применил ни один компьютер, кроме того, на котором они сделаны.</translation>
    </message>
    <message>
        <source>No refused changes.</source>
        <translation>Отклонённых изменений нет.</translation>
    </message>
    <message>
        <source>Conflicts (%1)</source>
        <translation>Конфликты (%1)</translation>
    </message>
    <message>
        <source>Refused changes (%1)</source>
        <translation>Отклонённые изменения (%1)</translation>
    </message>
    <message>
        <source>Saving the choice…</source>
        <translation>Сохранение выбора…</translation>
    </message>
</context>
<context>
    <name>TimetableGrid</name>
    <message>
        <source>Monday</source>
        <translation>Понедельник</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>Вторник</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>Среда</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>Четверг</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>Пятница</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>Суббота</translation>
    </message>
    <message>
        <source>room %1</source>
        <translation>каб. %1</translation>
    </message>
    <message>
        <source>Lesson %1</source>
        <translation>%1-й урок</translation>
    </message>
</context>
<context>
    <name>TimetableWindow</name>
    <message>
        <source>Class</source>
        <translation>Класс</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>Учитель</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Кабинет</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Чтение…</translation>
    </message>
    <message>
        <source>No school year has been created yet.</source>
        <translation>Учебный год ещё не создан.</translation>
    </message>
    <message>
        <source>School year %1. The week in force on %2; double-click a cell to change it.</source>
        <translation>Учебный год %1. Неделя, действующая на %2; двойной щелчок по клетке — изменить урок.</translation>
    </message>
    <message>
        <source>Lessons are added in a class&apos;s week: choose «Class» above.</source>
        <translation>Уроки ставятся в неделе класса: выберите вверху «Класс».</translation>
    </message>
    <message>
        <source>The timetable was imported; the future lessons follow it.</source>
        <translation>Расписание импортировано; будущие уроки журналов приведены в соответствие.</translation>
    </message>
    <message>
        <source>Saved. Future lessons: %1 added, %2 removed.</source>
        <translation>Сохранено. Будущие уроки: добавлено %1, удалено %2.</translation>
    </message>
    <message>
        <source>Timetable</source>
        <translation>Расписание уроков</translation>
    </message>
    <message>
        <source>Week in force on</source>
        <translation>Неделя на</translation>
    </message>
    <message>
        <source>&amp;Edit lesson…</source>
        <translation>&amp;Изменить урок…</translation>
    </message>
    <message>
        <source>&amp;Copy a day…</source>
        <translation>&amp;Копировать день…</translation>
    </message>
    <message>
        <source>Copy a &amp;week…</source>
        <translation>Копировать &amp;неделю…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>И&amp;мпорт…</translation>
    </message>
    <message>
        <source>The timetable from a spreadsheet: one sheet per class or one long table, checked before anything is written</source>
        <translation>Расписание из таблицы: лист на каждый класс или одна общая таблица; проверяется до записи</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Закрыть</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>%1 (%2). Enter your password to continue.</source>
        <translation>%1 (%2). Чтобы продолжить, введите пароль.</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Заблокировано</translation>
    </message>
    <message>
        <source>The journal is locked</source>
        <translation>Журнал заблокирован</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>S&amp;witch user</source>
        <translation>&amp;Сменить пользователя</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Разблокировать</translation>
    </message>
</context>
<context>
    <name>YearDialog</name>
    <message>
        <source>nothing (I will enter the periods myself)</source>
        <translation>ничего (периоды внесу сам)</translation>
    </message>
    <message>
        <source>Dates of the school year</source>
        <translation>Даты учебного года</translation>
    </message>
    <message>
        <source>New school year</source>
        <translation>Новый учебный год</translation>
    </message>
    <message>
        <source>Dates:</source>
        <translation>Даты:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>Fill from:</source>
        <translation>Заполнить по образцу:</translation>
    </message>
    <message>
        <source>Make it the current school year</source>
        <translation>Сделать текущим учебным годом</translation>
    </message>
</context>
<context>
    <name>YearDialogs</name>
    <message>
        <source>quarter</source>
        <translation>четверть</translation>
    </message>
    <message>
        <source>half-year</source>
        <translation>полугодие</translation>
    </message>
    <message>
        <source>trimester</source>
        <translation>триместр</translation>
    </message>
    <message>
        <source>vacation</source>
        <translation>каникулы</translation>
    </message>
    <message>
        <source>public holiday</source>
        <translation>праздник</translation>
    </message>
    <message>
        <source>other non-school day</source>
        <translation>другой неучебный день</translation>
    </message>
    <message>
        <source>Quarters (grades 1–9) and half-years (grades 10–11)</source>
        <translation>Четверти (1–9 классы) и полугодия (10–11 классы)</translation>
    </message>
    <message>
        <source>Trimesters (grades 1–11)</source>
        <translation>Триместры (1–11 классы)</translation>
    </message>
    <message>
        <source>The first grade is higher than the last one.</source>
        <translation>Класс «с» больше, чем класс «по».</translation>
    </message>
    <message>
        <source>the school year %1</source>
        <translation>учебного года %1</translation>
    </message>
</context>
<context>
    <name>YearPage</name>
    <message>
        <source>The school year to start from</source>
        <translation>Учебный год, из которого делается новый</translation>
    </message>
    <message>
        <source>The new year is made from this one: its classes promoted, their groups, teaching load, timetable and plans copied. This year&apos;s journals are not changed.</source>
        <translation>Новый год делается из этого: классы переводятся, их группы, нагрузка, расписание и КТП копируются. Журналы этого года не меняются.</translation>
    </message>
    <message>
        <source>From the year:</source>
        <translation>Из учебного года:</translation>
    </message>
    <message>
        <source>Periods and holidays:</source>
        <translation>Периоды и каникулы:</translation>
    </message>
    <message>
        <source>New year:</source>
        <translation>Новый год:</translation>
    </message>
    <message>
        <source>Close the year&apos;s periods</source>
        <translation>Закрыть периоды года</translation>
    </message>
    <message>
        <source> (current)</source>
        <translation> (текущий)</translation>
    </message>
    <message>
        <source>%1: %2 – %3. Classes now: %4, students on the last day: %5.</source>
        <translation>%1: %2 – %3. Классов сейчас: %4, учеников на последний день года: %5.</translation>
    </message>
    <message>
        <source>The year exists already: only what it lacks is added.</source>
        <translation>Этот год уже создан: будет добавлено только недостающее.</translation>
    </message>
    <message>
        <source>The year is not closed yet; still open: %1. Close them first.</source>
        <translation>Учебный год ещё не закрыт; открыты: %1. Сначала закройте их.</translation>
    </message>
</context>
</TS>
