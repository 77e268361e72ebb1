"""The project leader's view of e-mail that did not go out, and "send again"."""
