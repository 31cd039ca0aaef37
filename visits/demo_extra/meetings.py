"""The meetings part of the generator: a visit's record and title, its meetings with their
participants, agenda, statements, decisions and gifts, and board meetings outside visits."""

import datetime as dt
from decimal import Decimal

from django.utils.text import slugify

from municipalities.models import (
    Protocol,
)
from portal.dates import normalise
from portal.search import fold_letters
from visits.demo_extra.data import (
    AWARDS_CITY,
    AWARDS_HOME,
    BOARD_ITEMS,
    COUNTRY,
    CURRENCY,
    DECISIONS,
    GIFTS,
    LANGUAGE,
    PLAQUES,
    PUBLISHED_VISIT,
    PURPOSES,
    QUOTES,
    SITES,
    TOPICS,
    VISIT_NOTES,
    projects,
)
from visits.demo_extra.specs import AS_OF, HOME, LAST_DAY, K, MeetingPlan
from visits.demo_extra.text import (
    _add_months,
    _aware,
    _cap,
    _day_en,
    _day_tr,
    _locative,
    _period_end,
    _sentences_tr,
    _the,
    _time,
    _tr,
    _upper_tr,
    _when,
    lowerfirst,
)
from visits.models import (
    Decision,
    Gift,
    Meeting,
    Statement,
    Visit,
)

PROJECTS = projects()


class MeetingPlanner:
    """Mixin of _Generator: plans visits' records and meetings and the board's meetings."""

    def visit_record(self, plan, event, board, start, last, signed):
        """The Visit row: title, slug, texts and flags."""
        rng = self.rng
        guest, host = plan.guest, plan.host
        (g_en, g_tr), (h_en, h_tr) = self.names(guest), self.names(host)
        city = event.city if event else self.city(host)
        head = plan.members[0][0]
        title = self.visit_title(plan, event, board, head, city)
        slug = base = slugify(fold_letters(title[0]))[:72].strip("-")
        n = 1
        while slug in self.visit_slugs:
            n += 1
            slug = f"{base}-{n}"
        self.visit_slugs.add(slug)
        lead = (f"{head.title_en} {head.person.name}", f"{head.title_tr} {head.person.name}")
        day = (_day_en(start), _day_tr(start))
        topic, topic2 = plan.topics
        if plan.held:
            met_tr = "Birliği ziyaret etti" if host == HOME else f"{h_tr} ile görüştü"
            summary = [
                (f"A delegation of {_the(g_en)} led by {lead[0]} visited {_the(h_en)} on {day[0]}.",
                 f"{lead[1]} başkanlığındaki {g_tr} heyeti, {day[1]} tarihinde {met_tr}."),
                (f"The talks focused on {topic[0]}, and on {topic2[0]}.",
                 f"Görüşmede {topic[1]} ile {topic2[1]} konuları ele alındı."),
            ]  # fmt: skip
            if signed is not None:
                summary.append((f"The {lowerfirst(signed.protocol.title_en)} was signed.",
                                f"{signed.protocol.title_tr} imzalandı."))  # fmt: skip
        elif plan.status == "planned":
            summary = [
                (f"A delegation of {_the(g_en)} led by {lead[0]} is expected in {city[0]} on "
                 f"{day[0]}.",
                 f"{lead[1]} başkanlığındaki {g_tr} heyetinin {day[1]} tarihinde "
                 f"{_locative(city[1])} olması bekleniyor."),
            ]  # fmt: skip
        else:
            word = {"postponed": ("postponed", "ertelendi"),
                    "cancelled": ("cancelled", "iptal edildi")}[plan.status]  # fmt: skip
            summary = [(f"The visit planned for {day[0]} was {word[0]}.",
                        f"{day[1]} tarihinde yapılması planlanan ziyaret {word[1]}.")]  # fmt: skip
        published = rng.random() < PUBLISHED_VISIT[plan.status]
        published_at = None
        if published:
            since = start + dt.timedelta(1) if plan.held else start - dt.timedelta(14)
            published_at = _aware(min(since, AS_OF))
        invited_by = None
        if plan.direction == "in" and event and rng.random() < 0.6:
            invited_by = self.orgs[HOME]
        elif rng.random() < 0.15:
            invited_by = self.orgs[host]
        return Visit(
            **_tr("title", title), slug=slug, guest=self.orgs[guest], host=self.orgs[host],
            **_tr("city", city), country=event.country if event else self.specs[host].located_in,
            start_date=start, end_date=start + dt.timedelta(last) if last else None,
            event=self.events[event.slug] if event else None, invited_by=invited_by,
            **_tr("purpose", rng.choice(PURPOSES)),
            **_tr("summary", [" ".join(texts) for texts in zip(*summary, strict=True)]),
            **_tr("delegation_description", (f"{lead[0]} and the accompanying delegation",
                                             f"{lead[1]} ve beraberindeki heyet")),
            delegation_size=len(plan.members) + rng.randrange(8) if rng.random() < 0.6 else None,
            status=plan.status, is_published=published, published_at=published_at,
            internal_notes=rng.choice(["", "", *VISIT_NOTES]),
        )  # fmt: skip

    def visit_title(self, plan, event, board, head, city):
        rng = self.rng
        (g_en, g_tr), (h_en, h_tr) = self.names(plan.guest), self.names(plan.host)
        person = head.person.name
        if plan.direction == "in":
            if event:
                return (f"{g_en} delegation, in {city[0]} for the {event.name_en}, visits the "
                        "Union",
                        f"{event.name_tr} için {_locative(city[1])} bulunan {g_tr} heyeti Birliği "
                        "ziyaret etti")  # fmt: skip
            if self.specs[plan.guest].kind in {K.EMBASSY, K.INTERNATIONAL, K.MINISTRY}:
                return (f"{head.title_en} {person} visits the Union",
                        f"{head.title_tr} {person} Birliği ziyaret etti")  # fmt: skip
            return rng.choice([
                (f"{g_en} delegation visits the Union", f"{g_tr} heyeti Birliği ziyaret etti"),
                (f"Delegation from {g_en} at the Union", f"{g_tr} heyetinden Birliğe ziyaret"),
            ])  # fmt: skip
        if plan.direction == "out":
            if event:
                return (f"Union delegation at the {event.name_en}",
                        f"Birlik heyeti {_locative(city[1])}: {event.name_tr}")  # fmt: skip
            if board:
                return (
                    f"Union board visits {city[0]}",
                    f"Birlik Yönetim Kurulu {_locative(city[1])}",
                )
            options = [
                (f"Union delegation visits {_the(h_en)}", f"Birlik heyetinden {h_tr} ziyareti")
            ]
            if city[0] != "Istanbul":
                options.append((f"{head.title_en} {person} in {city[0]}",
                                f"{head.title_tr} {person} {_locative(city[1])}"))  # fmt: skip
            return rng.choice(options)
        if event:
            return (f"{g_en} delegation at the {event.name_en}",
                    f"{g_tr} heyeti {_locative(city[1])}: {event.name_tr}")  # fmt: skip
        return rng.choice([
            (f"{g_en} delegation visits {_the(h_en)}", f"{g_tr} heyetinden {h_tr} ziyareti"),
            (f"{_cap(_the(g_en))} and {_the(h_en)} discuss cooperation",
             f"{g_tr} ile {h_tr} iş birliğini görüştü"),
        ])  # fmt: skip

    # --- meetings --------------------------------------------------------------------------

    def meeting(self, plan, host, kind, day, begin, length, first):
        """A meeting of a visit at `host`, with its participants and, if held, its record."""
        rng = self.rng
        spec = self.specs[host]
        h_en, h_tr = _the(spec.name_en), spec.name_tr
        site = rng.choice(SITES)
        title = {
            "courtesy": (f"Courtesy call at {h_en}", f"{h_tr} nezaket ziyareti"),
            "working": (f"Working meeting at {h_en}", f"{h_tr} çalışma toplantısı"),
            "presentation": (f"Briefing at {h_en}", f"{h_tr} bilgilendirme toplantısı"),
            "site_visit": (f"Site visit: {site[0]}", f"Saha ziyareti: {site[1]}"),
            "reception": (f"Reception given by {h_en}", f"{h_tr} tarafından verilen resepsiyon"),
            "press": ("Joint press statement", "Ortak basın açıklaması"),
            "signing": (f"Signing ceremony at {h_en}", f"{h_tr} imza töreni"),
        }[kind]
        venue = self.venue(host)
        if kind == "site_visit":
            venue = (f"{site[0].capitalize()}, {spec.city[0]}", f"{spec.city[1]} {site[1]}")
        topic, topic2 = plan.topics
        summary = ("", "")
        if plan.held:
            summary = {
                "site_visit": (f"The delegation toured the {site[0]}.",
                               f"Heyet, {site[1]} hakkında bilgi aldı ve alanı gezdi."),
                "reception": ("A dinner was given in honour of the delegation.",
                              "Heyet onuruna akşam yemeği verildi."),
                "press": ("The two sides spoke to the press about the results of the talks.",
                          "İki taraf görüşmelerin sonuçlarını basına açıkladı."),
            }.get(kind, (f"The sides discussed {topic[0]}, as well as {topic2[0]}.",
                         f"Taraflar {topic[1]} ile {topic2[1]} konularını görüştü."))  # fmt: skip
        m = MeetingPlan(
            Meeting(
                visit=plan.visit, kind=kind, **_tr("title", title), host=self.orgs[host],
                **_tr("venue", venue), **_tr("city", spec.city), country=spec.located_in, date=day,
                start_time=_time(begin), end_time=_time(begin + length), **_tr("summary", summary),
                is_published=plan.visit.is_published,
            )
        )  # fmt: skip
        # The delegation: all of it at the first meeting, its head and a few later on.
        guests = [post for post, _role in plan.members]
        if not first:
            guests = guests[:1] + rng.sample(guests[1:], min(len(guests) - 1, rng.randint(1, 3)))
        for post in guests:
            m.add(post, "guest", self.orgs[post.org])
        # The hosts.
        if kind not in {"site_visit", "press"} or rng.random() < 0.5:
            m.add(self.head(host, day), "host", self.orgs[host])
        team = self.team(host, day)
        for post in team:
            if rng.random() < (0.5 if post.role == "deputy" else 0.35):
                m.add(post, "host", self.orgs[host])
        if not m.side("host") and team:
            m.add(team[0], "host", self.orgs[host])
        # The union takes its guests to its members, and now and then sits in between others.
        if HOME not in (plan.guest, host) and (plan.direction == "in" or rng.random() < 0.15):
            staff = self.team(HOME, day, ("deputy", "staff"))
            if staff:
                m.add(rng.choice(staff), "other", self.orgs[HOME])
        if not plan.held:
            if first:
                m.item("topic", *self.topic_texts(topic))
            return m
        if first and kind != "signing":
            self.presentation(plan, m, host)
        if kind in {"courtesy", "working", "presentation"}:
            m.item("topic", *self.topic_texts(topic))
            if rng.random() < 0.5:
                m.item("topic", *self.topic_texts(topic2))
            involved = {plan.guest, host}
            projects = [p.slug for p in PROJECTS if {org for org, _r in p.partners} & involved]
            if projects and rng.random() < 0.35:
                project = self.projects[self.pick(projects)]
                m.item("project", (f"Project: {project.name_en}", f"Proje: {project.name_tr}"),
                       ("Progress and next steps were discussed.",
                        "Gelinen aşama ve sonraki adımlar görüşüldü."),
                       project=project)  # fmt: skip
        if kind in {"courtesy", "working", "presentation", "signing", "press"}:
            speakers = [(p, side) for side in ("host", "guest") for p in m.side(side)[:1]]
            if rng.random() < 0.3:
                speakers.reverse()
            for order, (participant, side) in enumerate(speakers[: rng.randint(1, 2)], start=1):
                m.statements.append(self.statement(plan, m, participant, side, order))
        if kind in {"working", "courtesy"} and rng.random() < 0.35:
            place = plan.guest if self.specs[plan.guest].is_municipal else host
            for order in range(1, rng.randint(1, 2) + 1):
                responsible = rng.choice((plan.guest, host, HOME))
                m.decisions.append(self.decision(m.meeting, order, place, topic, responsible))
        return m

    @staticmethod
    def topic_texts(topic):
        return (_cap(topic[0]), _upper_tr(topic[1])), (
            f"Exchange of views on {topic[0]}.",
            f"{_upper_tr(topic[1])} konusunda görüş alışverişi.",
        )

    def presentation(self, plan, m, host):
        """The presentation of a city (by its side) or of the union's work."""
        rng = self.rng
        about = plan.guest if plan.direction == "in" else host
        presenters = m.side("guest" if plan.direction == "in" else "host")
        if presenters and self.specs[about].is_municipal:
            p = rng.choice(presenters)
            name_en, name_tr = self.city(about)
            who = (f"{p.title_en} {p.person.name}", f"{p.title_tr} {p.person.name}")
            m.item("presentation", (f"Presentation about {name_en}", f"{name_tr} tanıtım sunumu"),
                   (f"{who[0]} presented the city's history, economy and current investments.",
                    f"{who[1]}, şehrin tarihi, ekonomisi ve güncel yatırımları hakkında bir sunum "
                    "yaptı."), presenter=p.person, subject=self.orgs[about])  # fmt: skip
        elif HOME in (plan.guest, host) and rng.random() < 0.5:
            union = [p for p in m.participants if p.organization == self.orgs[HOME]]
            if union:
                m.item("presentation", ("Presentation of the Union's activities",
                                        "Birlik faaliyetlerinin tanıtımı"),
                       presenter=union[0].person, subject=self.orgs[HOME])  # fmt: skip

    def protocol_item(self, m, protocol, discussed):
        p = protocol.protocol
        if discussed == "open":
            text = ("Implementation of the protocol was reviewed.",
                    "Protokolün uygulanması değerlendirildi.")  # fmt: skip
        elif p.status == "planned":
            when = _when(p.planned_date, p.planned_date_precision)
            text = (f"The signing is planned for {when[0]}.",
                    f"İmzanın {when[1]} tarihinde yapılması planlanıyor.")  # fmt: skip
        else:
            text = ("The sides agreed to prepare a draft protocol.",
                    "Taraflar bir protokol taslağı hazırlanması konusunda mutabık "
                    "kaldı.")  # fmt: skip
        m.item("protocol", (p.title_en, p.title_tr), text, protocol)

    def signing(self, plan, m, protocol):
        """A signing ceremony: the signatories take part and the protocol heads the agenda."""
        p = protocol.protocol
        for post in protocol.signatories:
            org = self.orgs[post.org]
            if org == m.meeting.host:
                side = "host"
            else:
                side = "guest" if post.org == plan.guest else "other"
            m.add(post, side, org)
        if plan.held and p.signed_date:
            m.signed.append(protocol)
            m.meeting.summary_en = f"The {lowerfirst(p.title_en)} was signed."
            m.meeting.summary_tr = f"{p.title_tr} imzalandı."
            text = ("The protocol was signed and exchanged.", "Protokol imzalanarak teati edildi.")
        else:
            text = ("Signing of the protocol.", "Protokolün imzalanması.")
        m.item("protocol", (p.title_en, p.title_tr), text, protocol, first=True)

    def venue(self, slug):
        spec = self.specs[slug]
        city_en, city_tr = spec.city
        if slug == HOME:
            return "the Union's headquarters", "Birlik genel merkezi"
        if spec.is_municipal and spec.country == "TR":
            return f"{spec.name_en} service building", f"{spec.name_tr} hizmet binası"
        if spec.is_municipal:
            return f"{city_en} City Hall", f"{city_tr} belediye binası"
        if spec.kind == K.MINISTRY:
            return "the Ministry", "Bakanlık binası"
        if spec.kind == K.EMBASSY and slug.startswith("consulate"):
            return "the Consulate General", "Başkonsolosluk binası"
        if spec.kind == K.EMBASSY:
            return "the Embassy", "Büyükelçilik binası"
        if spec.kind == K.REGIONAL:
            return f"Government House, {city_en}", f"{city_tr} Hükümet Binası"
        return (
            f"{spec.short or spec.name_en} headquarters",
            f"{spec.short or spec.name_tr} genel merkezi",
        )

    def statement(self, plan, m, participant, side, order):
        rng = self.rng
        speaker = self.slug(participant.organization)
        host = self.slug(m.meeting.host)
        culture = self.specs[speaker].culture
        language = "tr" if speaker == HOME else LANGUAGE.get(culture, "")
        if culture == "intl":
            language = rng.choice(("tr", "en", "ru"))
        elif language in {"kk", "ky", "uz", "tk", "tt", "az"} and rng.random() < 0.25:
            language = "ru"
        other = host if side == "guest" else plan.guest
        country = COUNTRY.get(self.specs[other].country)
        topic = plan.topics[0]
        values = {
            "guest": _the(self.names(plan.guest)[0]), "guest_tr": self.names(plan.guest)[1],
            "host": _the(self.names(host)[0]), "host_tr": self.names(host)[1],
            "country": (country or ("", ""))[0], "country_tr": (country or ("", ""))[1],
            "city": self.city(speaker)[0], "city_tr": self.city(speaker)[1],
            "topic": topic[0], "topic_tr": topic[1],
        }  # fmt: skip
        if rng.random() < 0.35:
            kind, pool = "reported", QUOTES["reported"] + QUOTES[f"reported_{side}"]
        else:
            kind = "quote"
            if speaker == HOME:
                pool = QUOTES["home_host" if side == "host" else "home_guest"]
            elif side == "host":
                pool = [q for q in QUOTES["host"] if country or "{country}" not in q[0]]
            elif self.specs[speaker].is_municipal:
                pool = QUOTES["city_guest"] + QUOTES["guest"]
            else:
                pool = QUOTES["guest"]
            if not country:
                pool = [q for q in pool if "{country}" not in q[0]] or QUOTES["guest"]
        text_en, text_tr = rng.choice(pool)
        name = participant.person.name
        speaker_en, speaker_tr = f"{participant.title_en} {name}", f"{participant.title_tr} {name}"
        return Statement(
            meeting=m.meeting, order=order, speaker=participant.person,
            organization=participant.organization,
            **_tr("title", (participant.title_en, participant.title_tr)), kind=kind,
            language=language,
            text_en=text_en.format(**values, speaker=speaker_en),
            text_tr=_sentences_tr(text_tr.format(**values, speaker=speaker_tr)),
        )  # fmt: skip

    def decision(self, meeting, order, place, topic, responsible, template=None):
        """A decision with who carries it out, by when, and how far it has got by AS_OF."""
        rng = self.rng
        day = meeting.date
        city_en, city_tr = self.city(place)
        text_en, text_tr = template or rng.choice(DECISIONS)
        values = {"city": city_en, "city_tr": city_tr, "topic": topic[0], "topic_tr": topic[1]}
        precision = rng.choices(("day", "month", "year"), (40, 45, 15))[0]
        due = _add_months(day, rng.randint(1, 12))
        if precision == "year":
            due = due.replace(year=day.year + 1)
        due = normalise(due, precision)
        end = _period_end(due, precision)
        if end < AS_OF:
            status = rng.choices(("done", "dropped", "in_progress"), (55, 15, 30))[0]
        else:
            status = rng.choices(("open", "in_progress", "done"), (60, 30, 10))[0]
        completed = None
        if status == "done":
            last = min(end + dt.timedelta(60), AS_OF)
            completed = min(day + dt.timedelta(rng.randrange(max(1, (last - day).days) + 1)), AS_OF)
        person = None
        if rng.random() < 0.35:
            team = self.team(responsible, day)
            person = team[0].person.instance if team else None
        return Decision(
            meeting=meeting, order=order, text_en=text_en.format(**values),
            text_tr=_upper_tr(text_tr.format(**values)),
            responsible_organization=self.orgs[responsible], responsible_person=person,
            due_date=due, due_date_precision=precision, status=status, completed_on=completed,
            notes="Follow-up letter sent." if rng.random() < 0.15 else "",
        )  # fmt: skip

    def gifts(self, m, guest):
        """A plaque or a local craft each way, and now and then an award to a person."""
        rng = self.rng
        host = self.slug(m.meeting.host)
        host_head = self.head(host, m.meeting.date)
        host_person = host_head.person.instance if host_head else None
        visitor = next(iter(m.side("guest")), None)
        guest = self.slug(visitor.organization) if visitor else guest
        guest_person = visitor.person if visitor else None
        if rng.random() < 0.75:
            if host == HOME or rng.random() < 0.4:
                what, category = rng.choice(PLAQUES), "plaque"
            else:
                *what, category = rng.choice(GIFTS.get(self.specs[host].country, GIFTS[""]))
            to = guest_person if rng.random() < 0.7 else None
            self.gift(m, what, category, (host, host_person), (guest, to))
        if rng.random() < 0.65:
            *what, category = rng.choice(GIFTS.get(self.specs[guest].country, GIFTS[""]))
            if guest == HOME and rng.random() < 0.5:
                what, category = rng.choice(PLAQUES), "plaque"
            to = host_person if rng.random() < 0.5 else None
            self.gift(m, what, category, (guest, guest_person), (host, to))
        if rng.random() < 0.15:
            if host == HOME and guest_person is not None:
                award = rng.choice(AWARDS_HOME), (HOME, host_person), (guest, guest_person)
            elif guest == HOME and host_person is not None:
                award = rng.choice(AWARDS_HOME), (HOME, guest_person), (host, host_person)
            elif guest_person is not None and self.specs[host].is_municipal:
                award = rng.choice(AWARDS_CITY), (host, host_person), (guest, guest_person)
            else:
                return
            self.gift(m, award[0], "award", award[1], award[2])

    def gift(self, m, what, category, giver, recipient):
        rng = self.rng
        (by, by_person), (to, to_person) = giver, recipient
        currency, low, high = CURRENCY.get(self.specs[by].country, CURRENCY[""])
        value = None
        if category not in {"plaque", "award"} and rng.random() < 0.45:
            value = Decimal(round(rng.uniform(low, high), -1 if high < 10000 else -3))
            if rng.random() < 0.15:
                currency, value = "USD", Decimal(rng.randrange(50, 2000, 10))
        if to == HOME:
            disposition = rng.choices(("collection", "display", "archived", ""), (50, 30, 12, 8))[0]
        else:
            disposition = rng.choices(("recipient", "transferred", ""), (80, 10, 10))[0]
        register = f"Gift register no. G-{m.meeting.date.year}-{rng.randrange(1, 400):03d}"
        m.gifts.append(
            Gift(
                meeting=m.meeting, order=len(m.gifts) + 1, given_by_organization=self.orgs[by],
                given_by_person=by_person, given_to_organization=self.orgs[to],
                given_to_person=to_person, **_tr("description", tuple(what)), category=category,
                value=value, currency=currency if value is not None else "",
                disposition=disposition, internal_notes=register if to == HOME else "",
            )
        )  # fmt: skip

    # --- board meetings outside visits ----------------------------------------------------

    def plan_board(self):
        """The union's executive board at a member municipality, with mayors from several
        countries, taking decisions."""
        rng = self.rng
        day = self.random_day(dt.date(2019, 2, 1), AS_OF if rng.random() < 0.9 else LAST_DAY)
        members = self.slugs(lambda s: s.is_municipal and s.member)
        turkish = [s for s in members if self.specs[s].country == "TR"]
        host = self.pick(turkish if rng.random() < 0.6 else members)
        city_en, city_tr = self.city(host)
        title = f"Executive Board meeting in {city_en}", f"{_locative(city_tr)} Encümen toplantısı"
        while (title[0], day) in self.board_keys:
            day += dt.timedelta(1)
        self.board_keys.add((title[0], day))
        meeting = Meeting(
            visit=None, kind="board", **_tr("title", title), host=self.orgs[host],
            convened_by=self.orgs[HOME], **_tr("venue", self.venue(host)),
            **_tr("city", (city_en, city_tr)), country=self.specs[host].located_in, date=day,
            start_time=_time(10 * 60),
            end_time=_time(10 * 60 + rng.choice((120, 150, 180))),
            is_published=rng.random() < 0.85,
        )  # fmt: skip
        m = MeetingPlan(meeting)
        # A board has no guest side: the union's president chairs it, the mayors
        # on the board sit as its members, the secretary general keeps the
        # minutes; the host's mayor receives it, a member too if on the board.
        seats = self.holders(HOME, "vp", day) + self.holders(HOME, "board", day)
        on_board = {seat.municipality for seat in seats}
        host_head = self.head(host, day)
        president = self.head(HOME, day)
        if host_head and president and host_head.person == president.person:
            role = "chair"  # the president at home: one row, as the host's mayor
        else:
            role = "board_member" if host in on_board else ""
        m.add(host_head, "host", self.orgs[host], role)
        m.add(president, "", self.orgs[HOME], "chair")
        rng.shuffle(seats)
        for seat in seats[: rng.randint(5, 9)]:
            post = self.head(seat.municipality, day)
            m.add(post, "", self.orgs[seat.municipality], "board_member")
        for post in self.holders(HOME, "deputy", day):
            m.add(post, "", self.orgs[HOME], "secretary")
        items = list(BOARD_ITEMS)
        if day.month >= 10 or day.month <= 2:
            items.append(("Budget of the Union", "Birlik bütçesi"))
        for title in items:
            m.item("topic", title)
        coordinated = [
            p for p in self.protocols
            if p.day <= day and HOME not in p.parties and p.protocol.coordinator == self.orgs[HOME]
            and p.protocol.status in Protocol.OPEN_STATUSES
        ]  # fmt: skip
        if coordinated and rng.random() < 0.6:
            p = rng.choice(coordinated[-20:])
            m.item("protocol", (p.protocol.title_en, p.protocol.title_tr),
                   ("Progress of the protocol coordinated by the Union.",
                    "Birlik koordinasyonundaki protokolün durumu."), p)  # fmt: skip
        if rng.random() < 0.5:
            project = self.projects[self.pick(self.projects)]
            m.item("project", (f"Project: {project.name_en}", f"Proje: {project.name_tr}"),
                   project=project)  # fmt: skip
        for order, (item, _protocol) in enumerate(m.agenda, start=1):
            item.order = order
        if day <= AS_OF:
            self.board_record(m, host, host_head, president, day)
        self.boards.append(m)

    def board_record(self, m, host, host_head, president, day):
        """What a held board meeting said, decided and gave."""
        rng = self.rng
        meeting = m.meeting
        city_en, city_tr = self.city(host)
        quakes = dt.date(2023, 2, 6) <= day <= dt.date(2023, 12, 31)
        if quakes:
            opening = ("Our hearts are with the cities struck by the earthquakes of 6 February. "
                       "The Turkic world stands together.",
                       "Kalbimiz 6 Şubat depremlerinden etkilenen şehirlerimizle. Türk dünyası bu "
                       "acıda birdir.")  # fmt: skip
        else:
            opening = ("Since our last meeting our member municipalities have carried out many "
                       "joint projects. Today we will decide the next steps.",
                       "Son toplantımızdan bu yana üye belediyelerimiz pek çok ortak proje hayata "
                       "geçirdi. Bugün atılacak yeni adımlara karar vereceğiz.")  # fmt: skip
        welcome = (f"It is an honour for {city_en} to host the Executive Board of the Union.",
                   "Birlik Encümenine ev sahipliği yapmak bizim için bir onurdur.")  # fmt: skip
        union = [p for p in m.participants if p.organization == self.orgs[HOME]]
        speakers = [(union or m.participants)[0], *m.side("host")[:1]]
        for order, (p, text) in enumerate(zip(speakers, (opening, welcome), strict=False), 1):
            language = "tr" if p.organization == self.orgs[HOME] else LANGUAGE.get(
                self.specs[self.slug(p.organization)].culture, "")  # fmt: skip
            m.statements.append(Statement(
                meeting=meeting, order=order, speaker=p.person, organization=p.organization,
                **_tr("title", (p.title_en, p.title_tr)), kind="quote", language=language,
                **_tr("text", text),
            ))  # fmt: skip
        topic = rng.choice(TOPICS)
        templates = self.board_decisions(day, host, quakes)
        for order, (template, responsible) in enumerate(
            rng.sample(templates, min(len(templates), rng.randint(3, 6))), start=1
        ):
            m.decisions.append(self.decision(meeting, order, host, topic, responsible, template))
        countries = {self.specs[self.slug(p.organization)].country for p in m.participants}
        meeting.summary_en = (
            f"The Executive Board met in {city_en} with mayors from {len(countries)} countries "
            f"and took {len(m.decisions)} decisions."
        )
        meeting.summary_tr = (
            f"Encümen, {len(countries)} ülkeden belediye başkanlarının katılımıyla "
            f"{_locative(city_tr)} toplandı ve {len(m.decisions)} karar aldı."
        )
        if host_head and rng.random() < 0.6:
            to = host_head.person.instance if rng.random() < 0.7 else None
            m.gifts.append(Gift(
                meeting=meeting, order=1, given_by_organization=self.orgs[HOME],
                given_by_person=president.person.instance, given_to_organization=self.orgs[host],
                given_to_person=to, category="plaque", disposition="recipient",
                **_tr("description", ("Plaque of appreciation for hosting the Executive Board",
                                      "Encümene ev sahipliği için teşekkür plaketi")),
            ))  # fmt: skip

    def board_decisions(self, day, host, quakes):
        """[((English, Turkish), responsible slug)] a board meeting may decide."""
        city_en, city_tr = self.city(host)
        project = self.projects[self.pick(self.projects)]
        templates = [
            (("A training programme on {topic} will be organised for member municipalities.",
              "Üye belediyelere yönelik {topic_tr} konulu eğitim programı düzenlenecek."), HOME),
            (("Sister-city protocols coordinated by the Union will be reviewed.",
              "Birlik koordinasyonunda imzalanan kardeş şehir protokolleri gözden "
              "geçirilecek."), HOME),
            ((f"The next General Assembly will be held in {city_en}.",
              f"Bir sonraki Genel Kurul toplantısı {_locative(city_tr)} yapılacak."), host),
            ((f"A delegation of the Union will visit {city_en} to prepare joint projects.",
              f"Ortak projeleri hazırlamak üzere {_locative(city_tr)} bir Birlik heyeti "
              "temaslarda bulunacak."), HOME),
            ((f"The {project.name_en} project will be extended to new members.",
              f"{project.name_tr} projesi yeni üyeleri kapsayacak şekilde genişletilecek."), HOME),
        ]  # fmt: skip
        if day.month <= 4:
            year = day.year - 1
            templates.append(((f"The Union's activity report for {year} was approved.",
                               f"Birliğin {year} yılı faaliyet raporu onaylandı."),
                              HOME))  # fmt: skip
        if day.month >= 10:
            year = day.year + 1
            templates.append(((f"The budget for {year} was adopted.",
                               f"{year} yılı bütçesi kabul edildi."), HOME))  # fmt: skip
        joined = [s for s, since in self.member_since.items()
                  if s != HOME and abs((since - day).days) < 200]  # fmt: skip
        for slug in joined[:2]:
            en, tr = self.names(slug)
            templates.append(((f"The membership application of {_the(en)} was accepted.",
                               f"Üyelik başvurusu kabul edildi: {tr}."), slug))  # fmt: skip
        if quakes:
            templates.append((("Support will be sent to member municipalities in the "
                               "earthquake zone.",
                               "Deprem bölgesindeki üye belediyelere destek gönderilecek."),
                              HOME))  # fmt: skip
        return templates
