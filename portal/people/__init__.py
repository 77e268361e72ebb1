"""The project leader's page for people: invitations, roles and access, with their history."""
