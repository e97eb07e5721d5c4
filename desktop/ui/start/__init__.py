"""First start: choose the office and desk name, create the first admin, or try demo data."""
