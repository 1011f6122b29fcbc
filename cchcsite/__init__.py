"""cchcsite: a static-site generator for the administrative-reform (CCHC) section
of Vietnamese government portals."""

__version__ = "0.1.0"
