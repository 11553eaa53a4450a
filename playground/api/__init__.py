"""The REST API under /api/: thin views over playground.services and playground.selectors."""
