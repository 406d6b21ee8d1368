"""Decision records: validate every ADR before the build; add status and related links to ADR pages."""
