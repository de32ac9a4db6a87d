"""Cases, entitlements, SLAs and the service dashboard."""
