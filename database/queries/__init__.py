"""Read queries: plain frozen dataclasses out, never live ORM objects."""
