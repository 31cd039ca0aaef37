"""The seed visit: the press release of 13 November 2021
(shared/seed/turkistan-visit-2021-11-13.txt) as records, every fact in its place.

The release is in English; the Turkish versions are ours. Where the release
does not say something (who presented, what the gifts were), the record says
so rather than inventing it.

Loading is idempotent: each record is looked up by its natural key first and
left as it is when found, so a second run writes nothing.
"""

import datetime

from django.db import transaction

from municipalities.models import Highlight, Organization, Person, Post, Protocol
from portal.dates import DatePrecision

from .models import (
    AgendaItem,
    DelegationMember,
    Event,
    Gift,
    Meeting,
    MeetingParticipant,
    Project,
    ProjectPartner,
    Statement,
    Visit,
)

SEED_DATE = datetime.date(2021, 11, 13)
SEED_VISIT_SLUG = "turkistan-municipality-delegation-visits-tdbb"


class _Loader:
    def __init__(self):
        self.created = 0

    def get(self, model, lookup, **defaults):
        """The record matching `lookup`, created with `defaults` if missing."""
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **defaults)
            obj.save()
            self.created += 1
        return obj


@transaction.atomic
def load_seed():
    """Record the seed visit. Returns (visit, number of records created)."""
    load = _Loader()

    # --- Organisations -------------------------------------------------------
    union = load.get(
        Organization,
        {"slug": "tdbb"},
        kind=Organization.Kind.UNION,
        name_en="Union of Turkish World Municipalities",
        name_tr="Türk Dünyası Belediyeler Birliği",
        short_name="TDBB",
        local_name="Türk Dünyası Belediyeler Birliği",
        other_names="Union of Turkic World Municipalities",
        country="TR",
        region="İstanbul",
        website="https://www.tdbb.org.tr/",
        description_en=(
            "The union of municipalities of the Turkish world, headquartered in Istanbul."
        ),
        description_tr="Türk dünyası belediyelerinin birliği; genel merkezi İstanbul'dadır.",
        is_home=not Organization.objects.filter(is_home=True).exists(),
    )
    istanbul = load.get(
        Organization,
        {"slug": "istanbul-metropolitan-municipality"},
        kind=Organization.Kind.METROPOLITAN,
        name_en="Istanbul Metropolitan Municipality",
        name_tr="İstanbul Büyükşehir Belediyesi",
        short_name="İBB",
        local_name="İstanbul Büyükşehir Belediyesi",
        other_names="Istanbul\nİstanbul\nIstanbul Metropolitan",
        country="TR",
        region="İstanbul",
    )
    zeytinburnu = load.get(
        Organization,
        {"slug": "zeytinburnu-municipality"},
        kind=Organization.Kind.DISTRICT,
        name_en="Zeytinburnu Municipality",
        name_tr="Zeytinburnu Belediyesi",
        local_name="Zeytinburnu Belediyesi",
        other_names="Zeytinburnu",
        country="TR",
        region="İstanbul",
        parent=istanbul,
    )
    uskudar = load.get(
        Organization,
        {"slug": "uskudar-municipality"},
        kind=Organization.Kind.DISTRICT,
        name_en="Üsküdar Municipality",
        name_tr="Üsküdar Belediyesi",
        local_name="Üsküdar Belediyesi",
        other_names="Üsküdar\nUskudar\nScutari",
        country="TR",
        region="İstanbul",
        parent=istanbul,
    )
    turkistan = load.get(
        Organization,
        {"slug": "turkistan-municipality"},
        kind=Organization.Kind.PROVINCIAL,
        name_en="Turkistan Municipality",
        name_tr="Türkistan Belediyesi",
        local_name="Түркістан қаласының әкімдігі",
        other_names="Turkestan\nTürkistan\nТүркістан\nТуркестан",
        country="KZ",
        region="Turkistan Region",
        description_en=(
            "Turkestan, in southern Kazakhstan, was previously a district and has moved "
            "to the status of a province."
        ),
        description_tr=(
            "Kazakistan'ın güneyindeki Türkistan daha önce ilçeydi; il statüsüne geçti."
        ),
    )
    if turkistan.highlights.count() == 0:
        highlights = [
            (
                "Previously a district, Turkestan moved to the status of a province and "
                "has developed greatly with the investments of the last three years.",
                "Daha önce ilçe olan Türkistan il statüsüne geçti ve son üç yılda yapılan "
                "yatırımlarla büyük bir gelişim gösterdi.",
            ),
            (
                "Home to the Ahmet Yasawi Tomb, Kazakhstan's only work on the UNESCO list.",
                "Kazakistan'ın UNESCO listesindeki tek eseri olan Ahmet Yesevi Türbesi buradadır.",
            ),
            (
                "The only new airport built in Kazakhstan's independence period.",
                "Kazakistan'ın bağımsızlık döneminde inşa edilen tek yeni havalimanı.",
            ),
            ("About 1,600 historical buildings.", "Yaklaşık 1.600 tarihi yapı."),
            (
                "Thermal waters that suit health tourism.",
                "Sağlık turizmine elverişli termal sular.",
            ),
            (
                "Railways connecting Turkestan to Uzbekistan.",
                "Türkistan'ı Özbekistan'a bağlayan demiryolları.",
            ),
            (
                "Today the centre of attraction of Kazakhstan.",
                "Bugün Kazakistan'ın cazibe merkezi.",
            ),
        ]
        for order, (text_en, text_tr) in enumerate(highlights, start=1):
            load.get(
                Highlight,
                {"organization": turkistan, "order": order},
                text_en=text_en,
                text_tr=text_tr,
            )

    # --- People and their posts ----------------------------------------------
    salkarova = load.get(
        Person,
        {"name": "Aliya Şalkarova"},
        other_names="Aliya Shalkarova\nAliya Salkarova",
    )
    load.get(
        Post,
        {"person": salkarova, "organization": turkistan},
        title_en="Deputy Mayor",
        title_tr="Belediye Başkan Yardımcısı",
    )
    solak = load.get(Person, {"name": "Fahri Solak"})
    load.get(
        Post,
        {"person": solak, "organization": union},
        title_en="Secretary General",
        title_tr="Genel Sekreter",
    )

    # --- The occasion ----------------------------------------------------------
    festival = load.get(
        Event,
        {"slug": "korkut-ata-turkish-world-film-festival-2021"},
        kind=Event.Kind.FESTIVAL,
        name_en="Korkut Ata Turkish World Film Festival",
        name_tr="Korkut Ata Türk Dünyası Film Festivali",
        city="Istanbul",
        country="TR",
        start_date=datetime.date(2021, 11, 1),
        start_date_precision=DatePrecision.MONTH,
    )

    # --- Protocols and the project discussed -----------------------------------
    protocols = []
    for district in (zeytinburnu, uskudar):
        protocol = Protocol.objects.between(district, turkistan).filter(
            kind=Protocol.Kind.SISTER_CITY
        ).first() or load.get(
            Protocol,
            {
                "kind": Protocol.Kind.SISTER_CITY,
                "party_a": district,
                "party_b": turkistan,
            },
            status=Protocol.Status.PLANNED,
            coordinator=union,
            planned_date=datetime.date(2021, 12, 1),
            planned_date_precision=DatePrecision.MONTH,
            summary_en=(
                f"Sister-city protocol between {district.name_en} and Turkistan "
                "Municipality, planned to be signed in December 2021; discussed when "
                "Turkistan's delegation visited TDBB on 13 November 2021."
            ),
            summary_tr=(
                f"{district.name_tr} ile Türkistan Belediyesi arasında Aralık 2021'de "
                "imzalanması planlanan kardeş şehir protokolü; Türkistan heyetinin "
                "13 Kasım 2021'deki TDBB ziyaretinde ele alındı."
            ),
            is_published=True,
        )
        protocols.append(protocol)

    display = load.get(
        Project,
        {"slug": "turkish-world-interactive-display"},
        name_en="Turkish World Interactive Display",
        name_tr="Türk Dünyası İnteraktif Ekranı",
        status=Project.Status.PROPOSED,
    )
    load.get(
        ProjectPartner,
        {"project": display, "organization": union},
        role=ProjectPartner.Role.LEAD,
    )
    load.get(
        ProjectPartner,
        {"project": display, "organization": turkistan},
        role=ProjectPartner.Role.PROSPECTIVE,
    )

    # --- The visit ---------------------------------------------------------------
    visit = load.get(
        Visit,
        {"slug": SEED_VISIT_SLUG},
        title_en="Turkistan Municipality delegation visits TDBB",
        title_tr="Türkistan Belediyesi heyeti TDBB'yi ziyaret etti",
        guest=turkistan,
        host=union,
        city="Istanbul",
        country="TR",
        start_date=SEED_DATE,
        event=festival,
        invited_by=union,
        purpose_en=(
            "A visit to the Union while the delegation was in Istanbul for the Korkut Ata "
            "Turkish World Film Festival, to which TDBB had invited it; experience "
            "sharing in tourism and city management."
        ),
        purpose_tr=(
            "TDBB'nin davet ettiği Korkut Ata Türk Dünyası Film Festivali için İstanbul'da "
            "bulunan heyetin Birliğe ziyareti; turizm ve şehir yönetiminde tecrübe "
            "paylaşımı."
        ),
        summary_en=(
            "Kazakhstan's Turkistan Municipality Deputy Mayor Aliya Şalkarova and her "
            "accompanying delegation, in Istanbul for the Korkut Ata Turkish World Film "
            "Festival, visited the Union of Turkish World Municipalities (TDBB) on "
            "13 November 2021 and met Secretary General Fahri Solak at the Union's "
            "headquarters. After a presentation about the city of Turkestan, the sides "
            "discussed experience sharing, the sister-city protocols planned between "
            "Zeytinburnu and Üsküdar Municipalities and Turkistan Municipality for "
            "December 2021, the Turkish World Interactive Display project and other "
            "joint projects. The visit ended with a gift exchange and a photo shoot."
        ),
        summary_tr=(
            "Kazakistan'ın Türkistan Belediye Başkan Yardımcısı Aliya Şalkarova ve "
            "beraberindeki heyet, Korkut Ata Türk Dünyası Film Festivali için bulundukları "
            "İstanbul'da 13 Kasım 2021'de Türk Dünyası Belediyeler Birliği'ni (TDBB) "
            "ziyaret ederek Birlik genel merkezinde Genel Sekreter Fahri Solak ile "
            "görüştü. Türkistan şehri hakkında yapılan sunumun ardından taraflar tecrübe "
            "paylaşımını, Zeytinburnu ve Üsküdar belediyeleri ile Türkistan Belediyesi "
            "arasında Aralık 2021'de imzalanması planlanan kardeş şehir protokollerini, "
            "Türk Dünyası İnteraktif Ekranı projesini ve yapılabilecek diğer ortak "
            "projeleri ele aldı. Ziyaret, hediye takdimi ve fotoğraf çekimiyle sona erdi."
        ),
        delegation_description_en=(
            "Deputy Mayor Aliya Şalkarova and her accompanying delegation "
            "(the press release does not name the other members)"
        ),
        delegation_description_tr=(
            "Belediye Başkan Yardımcısı Aliya Şalkarova ve beraberindeki heyet "
            "(basın bülteni diğer üyelerin adını vermiyor)"
        ),
        status=Visit.Status.HELD,
        is_published=True,
    )
    load.get(
        DelegationMember,
        {"visit": visit, "person": salkarova},
        role=DelegationMember.Role.HEAD,
        organization=turkistan,
        title_en="Deputy Mayor",
        title_tr="Belediye Başkan Yardımcısı",
        order=1,
    )

    # --- The meeting ---------------------------------------------------------------
    meeting = load.get(
        Meeting,
        {"visit": visit, "date": SEED_DATE, "kind": Meeting.Kind.COURTESY},
        title_en="Deputy Mayor Aliya Şalkarova meets Secretary General Fahri Solak",
        title_tr=(
            "Belediye Başkan Yardımcısı Aliya Şalkarova, Genel Sekreter Fahri Solak ile görüştü"
        ),
        host=union,
        venue_en="TDBB headquarters",
        venue_tr="TDBB Genel Merkezi",
        city="Istanbul",
        country="TR",
        summary_en=(
            "Şalkarova thanked TDBB for inviting the delegation to the Korkut Ata Film "
            "Festival. After a presentation about Turkestan she described the city's "
            "development and asked to benefit from Turkey's experience in tourism and city "
            "management, with TDBB's support; Solak said the Union was ready to cooperate "
            "on experience sharing and to strengthen cooperation with Kazakhstan in every "
            "field. The meeting also focused on the sister-city protocols planned for "
            "December 2021, the Turkish World Interactive Display project and other joint "
            "projects. It ended with a gift exchange and a photo shoot."
        ),
        summary_tr=(
            "Şalkarova, heyeti Korkut Ata Film Festivali'ne davet ettiği için TDBB'ye "
            "teşekkür etti. Türkistan hakkındaki sunumun ardından şehrin gelişimini anlattı "
            "ve turizm ile şehir yönetiminde Türkiye'nin tecrübelerinden yararlanmak, "
            "TDBB'den destek almak istediklerini söyledi; Solak, Birliğin tecrübe "
            "paylaşımında iş birliğine ve Kazakistan ile her alanda iş birliğini "
            "güçlendirmeye hazır olduğunu belirtti. Görüşmede ayrıca Aralık 2021 için "
            "planlanan kardeş şehir protokolleri, Türk Dünyası İnteraktif Ekranı projesi ve "
            "diğer ortak projeler ele alındı. Görüşme hediye takdimi ve fotoğraf çekimiyle "
            "sona erdi."
        ),
        is_published=True,
    )
    load.get(
        MeetingParticipant,
        {"meeting": meeting, "person": solak},
        side=MeetingParticipant.Side.HOST,
        organization=union,
        title_en="Secretary General",
        title_tr="Genel Sekreter",
        order=1,
    )
    load.get(
        MeetingParticipant,
        {"meeting": meeting, "person": salkarova},
        side=MeetingParticipant.Side.GUEST,
        organization=turkistan,
        title_en="Deputy Mayor",
        title_tr="Belediye Başkan Yardımcısı",
        order=1,
    )

    agenda = [
        dict(
            kind=AgendaItem.Kind.PRESENTATION,
            title_en="Presentation about the city of Turkestan",
            title_tr="Türkistan şehri hakkında sunum",
            description_en="The press release does not say who gave the presentation.",
            description_tr="Basın bülteni sunumu kimin yaptığını belirtmiyor.",
            subject=turkistan,
        ),
        dict(
            kind=AgendaItem.Kind.TOPIC,
            title_en="Experience sharing in tourism and city management",
            title_tr="Turizm ve şehir yönetiminde tecrübe paylaşımı",
            description_en=(
                "Turkistan's wish to benefit from Turkey's experience in tourism and city "
                "management and from TDBB's support; the Union's experience sharing "
                "programmes."
            ),
            description_tr=(
                "Türkistan'ın turizm ve şehir yönetiminde Türkiye'nin tecrübelerinden "
                "yararlanma ve TDBB'den destek alma isteği; Birliğin tecrübe paylaşımı "
                "programları."
            ),
        ),
        *(
            dict(
                kind=AgendaItem.Kind.PROTOCOL,
                title_en=(
                    f"Sister-city protocol signing ceremony between {p.party_a.name_en} "
                    f"and {p.party_b.name_en}, planned for December 2021"
                ),
                title_tr=(
                    f"{p.party_a.name_tr} ile {p.party_b.name_tr} arasında Aralık 2021'de "
                    "planlanan kardeş şehir protokolü imza töreni"
                ),
                protocol=p,
            )
            for p in protocols
        ),
        dict(
            kind=AgendaItem.Kind.PROJECT,
            title_en="Turkish World Interactive Display project",
            title_tr="Türk Dünyası İnteraktif Ekranı projesi",
            project=display,
        ),
        dict(
            kind=AgendaItem.Kind.TOPIC,
            title_en="Other joint projects that can be made",
            title_tr="Yapılabilecek diğer ortak projeler",
        ),
        dict(
            kind=AgendaItem.Kind.CEREMONY,
            title_en="Gift exchange and photo shoot",
            title_tr="Hediye takdimi ve fotoğraf çekimi",
            description_en="The visit ended with a gift exchange and a photo shoot.",
            description_tr="Ziyaret, hediye takdimi ve fotoğraf çekimiyle sona erdi.",
        ),
    ]
    for order, fields in enumerate(agenda, start=1):
        load.get(AgendaItem, {"meeting": meeting, "order": order}, **fields)

    statements = [
        dict(
            speaker=salkarova,
            organization=turkistan,
            title_en="Deputy Mayor",
            title_tr="Belediye Başkan Yardımcısı",
            kind=Statement.Kind.REPORTED,
            text_en=(
                "Stating that Korkut Ata Film Festival was very good and that it is very "
                "important for the Turkish World to come together in such an important "
                "festival, Şalkarova thanked TDBB for the invitation."
            ),
            text_tr=(
                "Korkut Ata Film Festivali'nin çok güzel geçtiğini ve Türk Dünyası'nın böyle "
                "önemli bir festivalde bir araya gelmesinin çok önemli olduğunu belirten "
                "Şalkarova, davet için TDBB'ye teşekkür etti."
            ),
        ),
        dict(
            speaker=salkarova,
            organization=turkistan,
            title_en="Deputy Mayor",
            title_tr="Belediye Başkan Yardımcısı",
            kind=Statement.Kind.QUOTE,
            text_en=(
                "With the transition of Turkestan, which was previously a district, to the "
                "status of a province, it has shown great development and change with the "
                "investments made in the last 3 years. In Turkestan, there is the Ahmet "
                "Yasawi Tomb, which is the only work of Kazakhstan in UNESCO. The only new "
                "airport built during the independence period was also built in Turkestan. "
                "There are approximately 1,600 historical buildings in our city. In "
                "addition, the city is suitable for health tourism with its thermal waters. "
                "Therefore, the city of Turkestan has turned into the center of attraction "
                "of Kazakhstan today. There are also railways connecting Turkestan to "
                "Uzbekistan. We think that Turkestan will develop further with the "
                "investments to be made in the coming years. For this reason, we expect to "
                "benefit from the experiences of Turkey in the field of tourism and city "
                "management and support from TDBB in this context."
            ),
            text_tr=(
                "Daha önce ilçe olan Türkistan, il statüsüne geçmesiyle birlikte son 3 yılda "
                "yapılan yatırımlarla büyük bir gelişim ve değişim gösterdi. Türkistan'da, "
                "Kazakistan'ın UNESCO'daki tek eseri olan Ahmet Yesevi Türbesi bulunuyor. "
                "Bağımsızlık döneminde inşa edilen tek yeni havalimanı da Türkistan'da "
                "yapıldı. Şehrimizde yaklaşık 1.600 tarihi yapı bulunuyor. Ayrıca şehir, "
                "termal sularıyla sağlık turizmine de elverişli. Bu nedenle Türkistan şehri "
                "bugün Kazakistan'ın cazibe merkezine dönüştü. Türkistan'ı Özbekistan'a "
                "bağlayan demiryolları da bulunuyor. Önümüzdeki yıllarda yapılacak "
                "yatırımlarla Türkistan'ın daha da gelişeceğini düşünüyoruz. Bu nedenle "
                "turizm ve şehir yönetimi alanında Türkiye'nin tecrübelerinden yararlanmayı "
                "ve bu bağlamda TDBB'den destek bekliyoruz."
            ),
        ),
        dict(
            speaker=solak,
            organization=union,
            title_en="Secretary General",
            title_tr="Genel Sekreter",
            kind=Statement.Kind.QUOTE,
            text_en=(
                "We are ready for cooperation on experience sharing. One of the aims of the "
                "Union and one of the most regular activities is experience sharing "
                "programs. We are ready to further strengthen our cooperation with "
                "Kazakhstan in every field. We thank you both for your participation in "
                "Korkut Ata Film Festival and for your visit to our Union."
            ),
            text_tr=(
                "Tecrübe paylaşımı konusunda iş birliğine hazırız. Birliğin amaçlarından "
                "biri ve en düzenli faaliyetlerinden biri tecrübe paylaşımı programlarıdır. "
                "Kazakistan ile her alanda iş birliğimizi daha da güçlendirmeye hazırız. "
                "Hem Korkut Ata Film Festivali'ne katılımınız hem de Birliğimizi "
                "ziyaretiniz için teşekkür ediyoruz."
            ),
        ),
    ]
    for order, fields in enumerate(statements, start=1):
        load.get(Statement, {"meeting": meeting, "order": order}, **fields)

    gifts = [
        dict(
            given_by_organization=union,
            given_to_organization=turkistan,
            description_en=(
                "Gift presented by TDBB to the Turkistan delegation at the end of the visit "
                "(the press release does not describe it)"
            ),
            description_tr=(
                "Ziyaretin sonunda TDBB tarafından Türkistan heyetine takdim edilen hediye "
                "(basın bülteni tanımlamıyor)"
            ),
        ),
        dict(
            given_by_organization=turkistan,
            given_to_organization=union,
            description_en=(
                "Gift presented by the Turkistan delegation to TDBB at the end of the visit "
                "(the press release does not describe it)"
            ),
            description_tr=(
                "Ziyaretin sonunda Türkistan heyeti tarafından TDBB'ye takdim edilen hediye "
                "(basın bülteni tanımlamıyor)"
            ),
        ),
    ]
    for order, fields in enumerate(gifts, start=1):
        load.get(Gift, {"meeting": meeting, "order": order}, category=Gift.Category.OTHER, **fields)

    return visit, load.created
