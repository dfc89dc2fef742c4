"""The public side: find a procedure, read it, look a dossier up (also at the kiosk), rate it."""

from itertools import groupby

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from motcua.accounts import permissions
from motcua.agencies.models import Agency
from motcua.catalog import blank_forms
from motcua.catalog.models import Procedure, ProcedureVersion, RequiredDocument
from motcua.dossiers import public
from motcua.dossiers.models import Dossier
from motcua.portal import lookup, recognised, services
from motcua.portal.forms import FindForm, LookupForm, RatingForm, RatingWithFactorForm
from motcua.portal.search import Filters, search

PAGE_SIZE = 20
KIOSK_RESET_SECONDS = 60
# The dossiers this browser has looked up with the right second factor, so that it may rate
# them without typing the factor again: the last few codes in a signed cookie that ends with
# the browser session and is trusted for as long as a signed-in session lasts. A look-up
# writes nothing on the server (a session row per anonymous look-up would be millions). The
# look-up also has the browser recognised for the dossier (portal.recognised), for longer, since
# that only lets its later look-ups be judged on their own failures.
VERIFIED_COOKIE = "motcua_tra_cuu"
VERIFIED_SALT = "motcua.portal.verified"
VERIFIED_KEPT = 10

ONLINE_MODE_PLAIN = {
    ProcedureVersion.OnlineMode.FULL: gettext_lazy(
        "Làm toàn bộ trên mạng: nộp hồ sơ, theo dõi, nộp phí và nhận kết quả mà không cần đến cơ quan."
    ),
    ProcedureVersion.OnlineMode.PARTIAL: gettext_lazy(
        "Nộp hồ sơ trên mạng được; một số bước (xuất trình bản gốc, nộp phí hoặc nhận kết quả) vẫn làm trực tiếp."
    ),
    ProcedureVersion.OnlineMode.COUNTER: gettext_lazy(
        "Chưa nộp trên mạng được: nộp trực tiếp tại bộ phận một cửa hoặc qua bưu chính."
    ),
}
LEVEL_ORDER = [level for level, _label in Agency.Level.choices]


def find(request):
    form = FindForm(request.GET or None)
    filters, query = Filters(), ""
    if form.is_valid():
        data = form.cleaned_data
        query = data["q"]
        filters = Filters(
            agency=data["agency"],
            level=data["level"],
            field=data["field"],
            online_mode=data["mode"],
        )
    page = Paginator(search(query, filters), PAGE_SIZE).get_page(request.GET.get("trang"))
    params = request.GET.copy()
    params.pop("trang", None)
    return render(
        request,
        "portal/find.html",
        {"form": form, "page": page, "query": query, "params": params.urlencode(), "searched": bool(request.GET)},
    )


def procedure(request, code: str):
    version = (
        ProcedureVersion.objects.filter(procedure__code=code, status=ProcedureVersion.Status.PUBLISHED)
        .select_related("procedure", "field")
        .first()
    )
    if version is None:
        get_object_or_404(Procedure, code=code)  # a known code without a published version is gone too
        raise Http404
    agencies = sorted(version.agencies.filter(is_active=True), key=lambda a: (LEVEL_ORDER.index(a.level), a.name))
    by_level = [(Agency.Level(level).label, list(group)) for level, group in groupby(agencies, key=lambda a: a.level)]
    return render(
        request,
        "portal/procedure.html",
        {
            "version": version,
            "documents": version.documents.all(),
            "fees": version.fees.all(),
            "levels": [ProcedureVersion.Level(level).label for level in version.levels if level in ProcedureVersion.Level.values],
            "deliveries": [
                ProcedureVersion.Delivery(d).label for d in version.deliveries if d in ProcedureVersion.Delivery.values
            ],
            "online_plain": ONLINE_MODE_PLAIN.get(version.online_mode, ""),
            "files_online": version.online_mode != ProcedureVersion.OnlineMode.COUNTER,
            "agencies_by_level": by_level,
        },
    )


def blank_form(request, code: str, pk: int):
    """The blank form of a document the published version of a procedure asks for, for anyone:
    always a download (catalog.blank_forms)."""
    document = get_object_or_404(
        RequiredDocument, pk=pk, version__procedure__code=code, version__status=ProcedureVersion.Status.PUBLISHED
    )
    return blank_forms.download(document)


def _dossier_context(request, dossier: Dossier) -> dict:
    return {
        "dossier": dossier,
        "status": public.PLAIN_STATUS[dossier.state],
        "timeline": public.timeline(dossier, with_reasons=False),
        "may_rate": services.rating_refusal(dossier) is None,
        "rating": services.rating_of(dossier),
        "rating_form": RatingForm(),
    }


def _blocked(request, template: str, form, **context):
    message = _(
        "Bạn đã tra cứu sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút hoặc hỏi cán bộ bộ phận một cửa."
    ) % {"minutes": max(int(lookup.window().total_seconds() // 60), 1)}
    return render(request, template, {"form": form, "blocked": message, **context}, status=429)


def _look_up_from_browser(request, code: str, factor: str) -> Dossier | None:
    """The look-up, judged on this browser's own failures where it looked the dossier up before."""
    return lookup.look_up(
        client=lookup.client_key(request), code=code, factor=factor,
        recognised=recognised.source(request, lookup.target(code)),
    )


def _look_up(request, form: LookupForm, template: str, **context):
    """The shared POST handling of /tra-cuu/ and /kiosk/: the dossier, or the page with why not."""
    if not form.is_valid():
        return None, render(request, template, {"form": form, **context})
    try:
        dossier = _look_up_from_browser(request, form.cleaned_data["code"], form.cleaned_data["factor"])
    except lookup.Blocked:
        return None, _blocked(request, template, form, **context)
    if dossier is None:
        form.add_error(None, _("Không tìm thấy hồ sơ với mã và số kiểm tra đã nhập. Vui lòng kiểm tra lại."))
        return None, render(request, template, {"form": form, **context})
    return dossier, None


def verified_codes(request) -> list[str]:
    value = request.get_signed_cookie(VERIFIED_COOKIE, default="", salt=VERIFIED_SALT, max_age=settings.SESSION_COOKIE_AGE)
    return [code for code in value.split(",") if code]


def remember_verified(request, response, code: str) -> None:
    codes = [*[c for c in verified_codes(request) if c != code], code][-VERIFIED_KEPT:]
    response.set_signed_cookie(
        VERIFIED_COOKIE, ",".join(codes), salt=VERIFIED_SALT,
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite=settings.SESSION_COOKIE_SAMESITE,
    )


@require_http_methods(["GET", "POST"])
def look_up(request):
    if request.method == "GET":
        form = LookupForm(initial={"code": lookup.normalise_code(request.GET.get("ma", ""))})
        return render(request, "portal/lookup.html", {"form": form})
    dossier, response = _look_up(request, LookupForm(request.POST), "portal/lookup.html")
    if response:
        return response
    response = render(request, "portal/lookup_result.html", _dossier_context(request, dossier))
    remember_verified(request, response, dossier.code)
    recognised.remember(request, response, lookup.target(dossier.code))
    return response


@require_http_methods(["GET", "POST"])
def kiosk(request):
    """The screen at the administration centre: nothing is remembered between users."""
    context = {"reset_seconds": KIOSK_RESET_SECONDS}
    if request.method == "GET":
        code = lookup.normalise_code(request.GET.get("ma", ""))
        return render(request, "portal/kiosk.html", {"form": LookupForm(initial={"code": code}), "code": code, **context})
    form = LookupForm(request.POST)
    dossier, response = _look_up(request, form, "portal/kiosk.html", code=request.POST.get("code", "")[:40], **context)
    if response:
        return response
    return render(
        request,
        "portal/kiosk_result.html",
        {"dossier": dossier, "status": public.PLAIN_STATUS[dossier.state], "timeline": public.timeline(dossier, with_reasons=False), **context},
    )


@require_http_methods(["GET", "POST"])
def rate(request, code: str):
    """Rate a returned dossier: its owner signed in, or whoever has just looked it up with the
    second factor in this browser, or gives the second factor here."""
    dossier = Dossier.objects.filter(code=lookup.normalise_code(code)).first()
    trusted = dossier is not None and (
        permissions.is_owner(request.user, dossier) or dossier.code in verified_codes(request)
    )
    form_class = RatingForm if trusted else RatingWithFactorForm
    form = form_class(request.POST or None)
    context = {"code": lookup.normalise_code(code)[:40], "form": form, "trusted": trusted}
    if trusted:
        refusal = services.rating_refusal(dossier)
        if refusal:
            return render(request, "portal/rate.html", {**context, "refusal": refusal, "dossier": dossier}, status=409 if request.method == "POST" else 200)
    if request.method == "GET" or not form.is_valid():
        return render(request, "portal/rate.html", context)
    if not trusted:
        try:
            dossier = _look_up_from_browser(request, code, form.cleaned_data["factor"])
        except lookup.Blocked:
            return _blocked(request, "portal/rate.html", form, code=context["code"])
        if dossier is None:
            form.add_error(None, _("Không tìm thấy hồ sơ với mã và số kiểm tra đã nhập. Vui lòng kiểm tra lại."))
            return render(request, "portal/rate.html", context)
    try:
        services.rate(dossier=dossier, level=form.cleaned_data["level"], comment=form.cleaned_data["comment"], rater=request.user)
    except ValidationError as error:
        return render(request, "portal/rate.html", {**context, "refusal": " ".join(error.messages), "dossier": dossier}, status=409)
    return render(request, "portal/rate.html", {**context, "done": True, "dossier": dossier})
