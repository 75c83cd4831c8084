"""Who may do what: roles, permissions and API token scopes."""
