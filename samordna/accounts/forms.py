"""Forms of the user and membership pages."""

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from samordna.core.choices import Role
from samordna.core.models import User


class UserCreateForm(forms.Form):
    """Create a login for a staff member and give it a first role in this förbund.

    Usernames are unique across the whole install, so a taken one must be refused; the answer is the same whether
    it is taken in this förbund or another, and says nothing about the account. The password goes through
    Django's validators with the new user's username, names and e-mail (a password like the username is refused).
    """

    username = forms.CharField(label=_("Användarnamn"), max_length=150)
    first_name = forms.CharField(label=_("Förnamn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-post (arbete)"), required=False)
    password = forms.CharField(
        label=_("Startlösenord"),
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Minst tio tecken, inte likt användarnamnet eller namnet och inte ett vanligt lösenord. "
            "Användaren bör byta det vid första inloggningen."
        ),
    )
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                _("Användarnamnet kan inte användas. Välj ett annat, till exempel med förbundets förkortning.")
            )
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        password = data.get("password")
        if password:
            candidate = User(
                username=data.get("username") or self.data.get("username", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                email=data.get("email", ""),
            )
            try:
                validate_password(password, user=candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class RoleAddForm(forms.Form):
    """Give an existing user another role in this förbund."""

    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)


class AssignmentAddForm(forms.Form):
    """Tie an insatsansvarig or deltagaransvarig to an insats."""

    membership = forms.ModelChoiceField(label=_("Roll"), queryset=None)  # type: ignore[arg-type]
    intervention = forms.ModelChoiceField(label=_("Insats"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, memberships: Any, interventions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships
        self.fields["membership"].label_from_instance = lambda m: m.get_role_display()
        self.fields["intervention"].queryset = interventions
