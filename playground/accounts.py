"""Sign-up (log-in and log-out are Django's own views under /accounts/).

Signing up logs the learner in, and logging in moves the designs they made anonymously to their
account (`playground.signals`). Each POST of the sign-up form counts against the per-address
"signup" limit (`playground.rate_limits`); log-in failures are counted by django-axes
(`playground.login_lockout`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView

from playground.rate_limits import limit_page


@method_decorator(limit_page("signup", methods=("POST",)), name="dispatch")
class SignupView(FormView):
    template_name = "registration/signup.html"
    form_class = UserCreationForm

    def form_valid(self, form: UserCreationForm) -> HttpResponse:
        user = form.save()
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        return HttpResponseRedirect(self._next_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = self.request.POST.get("next") or self.request.GET.get("next", "")
        return context

    def _next_url(self) -> str:
        request: HttpRequest = self.request
        target = request.POST.get("next") or request.GET.get("next") or ""
        safe = url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return target if safe else settings.LOGIN_REDIRECT_URL
