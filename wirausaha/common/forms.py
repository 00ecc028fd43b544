"""What HTML forms share."""

from django import forms

from .errors import DomainError, InvalidInput


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Put what an action refused on the form that asked for it: each field's problem on that field
    when the form has it, everything else on the form as a whole."""
    if isinstance(error, InvalidInput):
        for field, message in error.errors.items():
            form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(None, str(error))
