"""One module per screen; screens call services, never the database."""
