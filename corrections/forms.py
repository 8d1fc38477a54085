"""The public "Suggest a correction" form: a reason, optional words, optional contact, and a honeypot."""

from django import forms
from django.utils.translation import gettext_lazy as _

from corrections.models import Correction


class CorrectionForm(forms.ModelForm):
    # People never see this field (it is hidden by the stylesheet and from screen readers); form-filling bots
    # fill it. A filled one is answered like a sent correction and not kept.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    class Meta:
        model = Correction
        fields = ["reason", "details", "contact"]
        labels = {
            "reason": _("What is wrong?"),
            "details": _("Anything else we should know? (optional)"),
            "contact": _("Your email or phone, if you would like us to follow up (optional)"),
        }
        widgets = {"reason": forms.RadioSelect, "details": forms.Textarea(attrs={"rows": 4})}

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
