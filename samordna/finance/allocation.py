"""Member contributions (medlemsbidrag): the state's half, the region's quarter, the municipalities' quarter.

FinsamL 5 §: Försäkringskassan pays ½ (also for Arbetsförmedlingen), the region(s) ¼, the
municipalities together ¼, split among them by population share of a chosen year or by agreed
percentages. Rounding (Association.allocation_percent_decimals):

* N decimals: each municipality's percent is rounded (half up) to N decimals before multiplying, as
  seed 003 does (0.1 %); each amount is then rounded to the krona. When the rounded percents do not
  sum to 100 the parts may miss the total by a few kronor; `difference` says by how much.
* empty: exact shares, rounded to whole kronor by the largest-remainder method so the parts add up
  to the total exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samordna.core.models import Association
from samordna.finance.models import AgreedShare, AllocationYear, BudgetAmount
from samordna.organisations.models import Member, MemberKind, Population

HUNDRED = Decimal(100)


@dataclass
class MunicipalityShare:
    """One municipality's part of the municipalities' quarter."""

    code: str
    name: str
    population: int | None
    share_percent: Decimal
    amount: int


@dataclass
class Allocation:
    """The split of one year's total contribution."""

    year: int
    total: int
    state: int
    region: int
    municipalities_total: int
    municipalities: list[MunicipalityShare] = field(default_factory=list)
    basis: str = "population"  # or "agreed"
    population_year: int | None = None
    percent_decimals: int | None = None
    state_payer: str = "Försäkringskassan"
    region_name: str = "Region"

    @property
    def difference(self) -> int:
        """Total minus the sum of the parts (0 unless rounded percents miss 100)."""
        return self.total - self.state - self.region - sum(m.amount for m in self.municipalities)


def largest_remainder(total: int, weights: list[Decimal]) -> list[int]:
    """Split whole kronor `total` in proportion to `weights` so the parts add up to `total` exactly.

    Each part gets the floor of its exact share; the kronor left over go one each to the parts with
    the largest remainders (ties: the earlier part).
    """
    weight_sum = sum(weights, Decimal(0))
    if weight_sum <= 0:
        raise ValidationError(_("Andelarna summerar till noll; det går inte att fördela beloppet."))
    exact = [Decimal(total) * w / weight_sum for w in weights]
    floors = [int(x.to_integral_value(rounding=ROUND_FLOOR)) for x in exact]
    left = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def round_kronor(value: Decimal) -> int:
    """Round to whole kronor, half up (as a spreadsheet's ROUND does)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split(
    *,
    year: int,
    total: int,
    shares: list[tuple[str, str, int | None, Decimal]],
    basis: str,
    percent_decimals: int | None,
    population_year: int | None = None,
) -> Allocation:
    """Split `total` kronor: ½ state, ¼ region, ¼ municipalities by `shares` (code, name, population, weight)."""
    state, region, municipalities_total = largest_remainder(total, [Decimal(2), Decimal(1), Decimal(1)])
    weights = [s[3] for s in shares]
    weight_sum = sum(weights, Decimal(0))
    if shares and weight_sum <= 0:
        raise ValidationError(_("Kommunernas andelar summerar till noll."))
    result = Allocation(
        year=year,
        total=total,
        state=state,
        region=region,
        municipalities_total=municipalities_total,
        basis=basis,
        population_year=population_year,
        percent_decimals=percent_decimals,
    )
    if not shares:
        return result
    if percent_decimals is not None:
        quantum = Decimal(1).scaleb(-percent_decimals)
        for code, name, population, weight in shares:
            percent = (weight * HUNDRED / weight_sum).quantize(quantum, rounding=ROUND_HALF_UP)
            amount = round_kronor(Decimal(municipalities_total) * percent / HUNDRED)
            result.municipalities.append(MunicipalityShare(code, name, population, percent, amount))
        return result
    amounts = largest_remainder(municipalities_total, weights)
    for (code, name, population, weight), amount in zip(shares, amounts, strict=True):
        percent = weight * HUNDRED / weight_sum
        result.municipalities.append(MunicipalityShare(code, name, population, percent, amount))
    return result


def _kommuner(association: Association) -> list[Member]:
    return list(
        Member.objects.for_association(association)
        .filter(kind=MemberKind.KOMMUN)
        .select_related("municipality")
        .order_by("name")
    )


def default_population_year(association: Association, year: int) -> int | None:
    """The latest year not after `year` for which every kommun member has a population."""
    kommuner = _kommuner(association)
    if not kommuner:
        return None
    by_member: dict[int, set[int]] = {member.pk: set() for member in kommuner}
    for member_id, member_year in Population.objects.filter(member__in=kommuner, year__lte=year).values_list(
        "member_id", "year"
    ):
        by_member[member_id].add(member_year)
    years = set.intersection(*by_member.values())
    return max(years) if years else None


def total_for(association: Association, year: int) -> int | None:
    """The stored total for `year`, else the budgeted member income (budget, else plan) of that year."""
    stored = AllocationYear.objects.for_association(association).filter(year=year).first()
    if stored is not None:
        return int(stored.total)
    for version in ("budget", "plan"):
        amounts = (
            BudgetAmount.objects.for_association(association)
            .filter(year=year, version=version, line__category="medlemsintakter")
            .values_list("amount", flat=True)
        )
        if amounts:
            return round_kronor(sum(amounts, Decimal(0)))
    return None


def allocation_for(
    *, association: Association, year: int, total: int | None = None, population_year: int | None = None
) -> Allocation:
    """Compute the allocation of `year` from the association's members, populations or agreed shares.

    Raises ValidationError (Swedish message) when the total or the populations are missing.
    """
    if total is None:
        total = total_for(association, year)
    if total is None:
        raise ValidationError(
            _("Inget totalbelopp för %(year)s: ange ett medlemsbidrag för året eller budgetera medlemsintäkter.")
            % {"year": year}
        )
    if total < 0:
        raise ValidationError(_("Totalbeloppet kan inte vara negativt."))
    stored = AllocationYear.objects.for_association(association).filter(year=year).first()
    kommuner = _kommuner(association)
    agreed = {a.member_id: a.percent for a in AgreedShare.objects.for_association(association).filter(year=year)}
    decimals = association.allocation_percent_decimals
    if agreed:
        shares = [
            (m.municipality.code if m.municipality else m.code, m.name, None, agreed.get(m.pk, Decimal(0)))
            for m in kommuner
        ]
        result = split(year=year, total=total, shares=shares, basis="agreed", percent_decimals=decimals)
    else:
        pop_year = (
            population_year
            or (stored.population_year if stored else None)
            or default_population_year(association, year)
        )
        shares = []
        missing = []
        populations = dict(
            Population.objects.filter(member__in=kommuner, year=pop_year).values_list("member_id", "population")
        )
        for member in kommuner:
            pop = populations.get(member.pk)
            if pop is None:
                missing.append(member.name)
                continue
            code = member.municipality.code if member.municipality else member.code
            shares.append((code, member.name, pop, Decimal(pop)))
        if missing:
            raise ValidationError(
                _("Folkmängd för %(year)s saknas för: %(names)s.")
                % {"year": pop_year or year, "names": ", ".join(missing)}
            )
        result = split(
            year=year,
            total=total,
            shares=shares,
            basis="population",
            percent_decimals=decimals,
            population_year=pop_year,
        )
    fk = Member.objects.for_association(association).filter(kind=MemberKind.FK).first()
    region = Member.objects.for_association(association).filter(kind=MemberKind.REGION).order_by("name")
    if fk:
        result.state_payer = fk.name
    if region.exists():
        result.region_name = ", ".join(r.name for r in region)
    return result
