"""Sample import files: moved to :mod:`lookalike.synthetic.files`, re-exported for old imports."""

from lookalike.synthetic.files import CONTACT_HEADER, write_companies_csv, write_contacts_csv

__all__ = ["CONTACT_HEADER", "write_companies_csv", "write_contacts_csv"]
