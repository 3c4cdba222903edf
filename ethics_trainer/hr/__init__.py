"""HR: completion reports, exports, verifiable PDF certificates and demo data (no Qt here)."""
