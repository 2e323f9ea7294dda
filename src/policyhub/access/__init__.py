"""Who may do what: registry roles (as the GEC rules assign duties) and API tokens stored hashed."""
