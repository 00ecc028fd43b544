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


class ErrorSummary:
    """For a form that lists its errors above it (the `_errors.html` templates): one line per field
    with an error, in the order of the page, linking to the field (to the first choice of a group of
    radio buttons or checkboxes)."""

    def error_summary(self) -> list[dict[str, str]]:
        lines = []
        for name in self.fields:
            if name in self.errors:
                bound = self[name]
                target = f"{bound.auto_id}_0" if bound.field.widget.use_fieldset else bound.auto_id
                # A label that is a sentence ("I agree to the statement above.") loses its stop
                # before the colon.
                label = str(bound.label).rstrip(".:")
                lines.append({"id": target, "label": label, "message": " ".join(self.errors[name])})
        return lines
