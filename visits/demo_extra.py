"""A generated demo set: many varied visits, so that pages can be tried with volume.

`load_extra(count, home)` adds about `count` visits of the union (`home`) and of
other bodies across the Turkic world, with their delegations, meetings,
statements, decisions, gifts and protocols, plus board meetings outside any
visit, projects and the directory they need.

Everything comes from `random.Random(2021)`. The directory (organisations,
people, posts, events, projects) is the same whatever the count; then visits
are planned one slot after another, each from the state the earlier ones left,
so visit n is the same whether 200 or 1000 are asked for and a larger count adds
only the slots beyond the smaller one. Records are found again by natural keys
(slugs, names, titles), so a second call with the same count creates nothing.

Statuses (planned visits, open decisions, planned protocols) are as of AS_OF, a
fixed day, so the set does not change with the day it is loaded on.

Every name of a person is made up. Facts about places (UNESCO listings,
populations) are approximate and for demonstration only.
"""

import calendar
import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from municipalities.models import (
    CooperationField,
    Highlight,
    Organization,
    Person,
    Post,
    Protocol,
    ProtocolSignatory,
)
from portal.dates import DatePrecision, normalise
from portal.search import fold
from visits.models import (
    AgendaItem,
    Decision,
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

SEED = 2021
AS_OF = dt.date(2026, 11, 28)
FIRST_DAY = dt.date(2019, 1, 8)
LAST_DAY = dt.date(2027, 4, 30)
COVID = (dt.date(2020, 3, 15), dt.date(2021, 5, 31))
HOME = "@home"
ISTANBUL = "istanbul-metropolitan-municipality"
ELECTIONS_TR = (dt.date(2019, 4, 8), dt.date(2024, 4, 3))
TDBB_CONGRESS = dt.date(2019, 5, 20)


def _words(text):
    return text.split()


K = Organization.Kind
MUNICIPAL = {K.METROPOLITAN, K.PROVINCIAL, K.DISTRICT, K.TOWN}

# --- Dates in words ------------------------------------------------------------

MONTHS_EN = _words(
    "January February March April May June July August September October November December"
)
MONTHS_TR = _words("Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık")


def _day_en(d):
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def _day_tr(d):
    return f"{d.day} {MONTHS_TR[d.month - 1]} {d.year}"


def _when(d, precision):
    """The date as the two languages write it at its precision."""
    if precision == DatePrecision.YEAR:
        return str(d.year), str(d.year)
    if precision == DatePrecision.MONTH:
        return f"{MONTHS_EN[d.month - 1]} {d.year}", f"{MONTHS_TR[d.month - 1]} {d.year}"
    return _day_en(d), _day_tr(d)


def _period_end(d, precision):
    if precision == DatePrecision.YEAR:
        return d.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return d.replace(day=calendar.monthrange(d.year, d.month)[1])
    return d


def _add_months(d, months):
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    return d.replace(year=year, month=month, day=min(d.day, calendar.monthrange(year, month)[1]))


ARTICLE = (
    "Embassy", "Consulate", "Ministry", "Organization", "International", "Parliamentary",
    "Republic", "City of", "Turkic", "Marmara", "Nakhchivan Autonomous", "Yunus", "Union",
)  # fmt: skip


def _the(name):
    """An English name as it reads in a sentence: 'the Embassy of…', but 'Baku'."""
    return f"the {name}" if name.startswith(ARTICLE) else name


def _cap(text):
    return text[:1].upper() + text[1:]


def _upper_tr(text):
    """Capitalise the first letter the Turkish way (i → İ)."""
    if not text:
        return text
    first = {"i": "İ", "ı": "I"}.get(text[0], text[0].upper())
    return first + text[1:]


def _sentences_tr(text):
    """Turkish text with every sentence starting with a capital."""
    return ". ".join(_upper_tr(part) for part in text.split(". "))


def _listing(items, conjunction):
    """'a, b and c'; a comma before the last when an item has the conjunction itself."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    comma = "," if any(f" {conjunction} " in item for item in items) else ""
    return f"{', '.join(items[:-1])}{comma} {conjunction} {items[-1]}"


def _locative(word):
    """A Turkish place name with its locative ending: Kazan'da, Taşkent'te."""
    if word == "Beyoğlu":
        return "Beyoğlu'nda"
    vowels = [c for c in word.lower() if c in "aıoueiöü"]
    front = "a" if (vowels[-1] if vowels else "e") in "aıou" else "e"
    hard = "t" if word[-1].lower() in "çfhkpsşt" else "d"
    return f"{word}'{hard}{front}"


# --- The directory ---------------------------------------------------------------


@dataclass
class OrgSpec:
    slug: str
    kind: str
    name_en: str
    name_tr: str
    local: str = ""
    country: str = ""
    city: tuple = ("", "")
    where: str = ""  # the country the body sits in, when it is not `country`
    region: str = ""
    parent: str = ""
    other: str = ""
    short: str = ""
    culture: str = "tr"
    member: bool = False
    population: tuple | None = None
    highlights: tuple = ()
    website: str = ""
    description: tuple = ("", "")

    @property
    def located_in(self):
        return self.where or self.country

    @property
    def is_municipal(self):
        return self.kind in MUNICIPAL


def _orgs():
    org = OrgSpec
    ist = ("Istanbul", "İstanbul")
    ank = ("Ankara", "Ankara")
    unesco = "UNESCO World Heritage Site since"
    unesco_tr = "yılından beri UNESCO Dünya Mirası Listesi'nde"
    return [
        # Türkiye
        org(ISTANBUL, K.METROPOLITAN, "Istanbul Metropolitan Municipality",
            "İstanbul Büyükşehir Belediyesi", "İstanbul Büyükşehir Belediyesi", "TR", ist,
            region="İstanbul", other="Istanbul\nİBB\nIBB", member=True,
            population=(15655924, 2023), website="https://www.ibb.istanbul",
            highlights=((f"Historic Areas of Istanbul: {unesco} 1985",
                         f"İstanbul'un Tarihi Alanları: 1985 {unesco_tr}", 1985),)),
        org("ankara-metropolitan-municipality", K.METROPOLITAN, "Ankara Metropolitan Municipality",
            "Ankara Büyükşehir Belediyesi", "Ankara Büyükşehir Belediyesi", "TR", ank,
            region="Ankara", other="Ankara\nABB", member=True, population=(5803482, 2023),
            highlights=(("Capital of the Republic of Türkiye since 1923",
                         "1923'ten beri Türkiye Cumhuriyeti'nin başkenti", 1923),)),
        org("konya-metropolitan-municipality", K.METROPOLITAN, "Konya Metropolitan Municipality",
            "Konya Büyükşehir Belediyesi", "Konya Büyükşehir Belediyesi", "TR", ("Konya", "Konya"),
            region="Konya", other="Konya", member=True, population=(2320241, 2023),
            highlights=(("Home of the Mevlana Museum, the resting place of Rumi",
                         "Mevlânâ Müzesi'ne ev sahipliği yapar", None),
                        ("Türkiye's largest province by area",
                         "Yüzölçümü bakımından Türkiye'nin en büyük ili", None))),
        org("bursa-metropolitan-municipality", K.METROPOLITAN, "Bursa Metropolitan Municipality",
            "Bursa Büyükşehir Belediyesi", "Bursa Büyükşehir Belediyesi", "TR", ("Bursa", "Bursa"),
            region="Bursa", other="Bursa", member=True, population=(3214571, 2023),
            highlights=((f"Bursa and Cumalıkızık, the birth of the Ottoman Empire: {unesco} 2014",
                         "Bursa ve Cumalıkızık, Osmanlı İmparatorluğu'nun doğuşu: "
                         f"2014 {unesco_tr}",
                         2014),
                        ("Cultural Capital of the Turkic World in 2022",
                         "2022 Türk Dünyası Kültür Başkenti", 2022))),
        org("kayseri-metropolitan-municipality", K.METROPOLITAN,
            "Kayseri Metropolitan Municipality",
            "Kayseri Büyükşehir Belediyesi", "Kayseri Büyükşehir Belediyesi", "TR",
            ("Kayseri", "Kayseri"), region="Kayseri", other="Kayseri", member=True,
            population=(1445683, 2023)),
        org("eskisehir-metropolitan-municipality", K.METROPOLITAN,
            "Eskişehir Metropolitan Municipality", "Eskişehir Büyükşehir Belediyesi",
            "Eskişehir Büyükşehir Belediyesi", "TR", ("Eskişehir", "Eskişehir"),
            region="Eskişehir", other="Eskisehir", member=True, population=(915418, 2023),
            highlights=(("Cultural Capital of the Turkic World in 2013",
                         "2013 Türk Dünyası Kültür Başkenti", 2013),)),
        *[
            org(f"{slugify(fold(n))}-municipality", K.DISTRICT, f"{n} Municipality",
                f"{n} Belediyesi", f"{n} Belediyesi", "TR", ist, region="İstanbul",
                parent=ISTANBUL, member=True, population=(p, 2023),
                website=f"https://www.{slugify(fold(n))}.bel.tr")
            for n, p in (("Fatih", 368227), ("Beyoğlu", 218265), ("Kadıköy", 467919),
                         ("Bağcılar", 713594), ("Esenler", 424499))
        ],
        org("selcuklu-municipality", K.DISTRICT, "Selçuklu Municipality", "Selçuklu Belediyesi",
            "Selçuklu Belediyesi", "TR", ("Konya", "Konya"), region="Konya",
            parent="konya-metropolitan-municipality", other="Selcuklu", member=True,
            population=(680286, 2023)),
        org("kirsehir-municipality", K.PROVINCIAL, "Kırşehir Municipality", "Kırşehir Belediyesi",
            "Kırşehir Belediyesi", "TR", ("Kırşehir", "Kırşehir"), region="Kırşehir",
            other="Kirsehir", member=True,
            highlights=(("Cradle of the Ahi brotherhood of craftsmen",
                         "Ahilik geleneğinin doğduğu şehir", None),)),
        org("marmara-municipalities-union", K.UNION, "Marmara Municipalities Union",
            "Marmara Belediyeler Birliği", "Marmara Belediyeler Birliği", "TR", ist,
            region="İstanbul", short="MBB", member=True),
        org("ministry-of-interior-turkiye", K.MINISTRY,
            "Ministry of Interior of the Republic of Türkiye",
            "Türkiye Cumhuriyeti İçişleri Bakanlığı", "T.C. İçişleri Bakanlığı", "TR", ank,
            other="Ministry of Interior\nİçişleri Bakanlığı"),
        org("ministry-of-culture-and-tourism-turkiye", K.MINISTRY,
            "Ministry of Culture and Tourism of the Republic of Türkiye",
            "Türkiye Cumhuriyeti Kültür ve Turizm Bakanlığı", "T.C. Kültür ve Turizm Bakanlığı",
            "TR", ank, other="Ministry of Culture and Tourism\nKültür ve Turizm Bakanlığı"),
        org("yunus-emre-institute", K.FOUNDATION, "Yunus Emre Institute", "Yunus Emre Enstitüsü",
            "Yunus Emre Enstitüsü", "TR", ank, short="YEE", website="https://www.yee.org.tr",
            description=("Türkiye's cultural institute abroad, teaching Turkish and promoting "
                         "Turkish culture.",
                         "Türkçeyi ve Türk kültürünü yurt dışında tanıtan kültür enstitüsü.")),
        # Northern Cyprus (no ISO code: XN), Kosovo (XK), the Balkans
        org("nicosia-turkish-municipality", K.PROVINCIAL, "Nicosia Turkish Municipality",
            "Lefkoşa Türk Belediyesi", "Lefkoşa Türk Belediyesi", "XN", ("Nicosia", "Lefkoşa"),
            other="Lefkoşa\nLefkosa\nNicosia\nLTB", member=True),
        org("kyrenia-municipality", K.TOWN, "Kyrenia Municipality", "Girne Belediyesi",
            "Girne Belediyesi", "XN", ("Kyrenia", "Girne"), other="Girne\nKyrenia", member=True),
        org("prizren-municipality", K.PROVINCIAL, "Prizren Municipality", "Prizren Belediyesi",
            "Komuna e Prizrenit", "XK", ("Prizren", "Prizren"), other="Prizreni\nПризрен",
            culture="al", member=True,
            highlights=(("Ottoman old town around the Sinan Pasha Mosque (1615)",
                         "Sinan Paşa Camii (1615) çevresindeki Osmanlı dönemi tarihi çarşı",
                         1615),)),
        org("mamusa-municipality", K.TOWN, "Mamuşa Municipality", "Mamuşa Belediyesi",
            "Mamuşa Belediyesi", "XK", ("Mamuşa", "Mamuşa"), other="Mamusha\nMamushë\nMamuša",
            member=True,
            highlights=(("The only municipality in Kosovo with a Turkish-speaking majority",
                         "Kosova'da nüfusunun çoğunluğu Türk olan tek belediye", None),)),
        org("sarajevo-canton", K.REGIONAL, "Sarajevo Canton", "Saraybosna Kantonu",
            "Kanton Sarajevo", "BA", ("Sarajevo", "Saraybosna"),
            other="Sarajevski kanton\nСарајевски кантон", culture="bs"),
        org("city-of-sarajevo", K.METROPOLITAN, "City of Sarajevo", "Saraybosna Belediyesi",
            "Grad Sarajevo", "BA", ("Sarajevo", "Saraybosna"), parent="sarajevo-canton",
            other="Sarajevo\nСарајево\nSaraybosna", culture="bs", member=True,
            highlights=(("Baščaršija, the old bazaar, dates from the 15th century",
                         "Başçarşı, 15. yüzyıldan kalma tarihi çarşı", None),)),
        org("city-of-skopje", K.METROPOLITAN, "City of Skopje", "Üsküp Belediyesi",
            "Град Скопје", "MK", ("Skopje", "Üsküp"), other="Skopje\nShkup\nÜsküp\nSkopye",
            culture="mk", population=(526502, 2021)),
        # Azerbaijan
        org("baku", K.METROPOLITAN, "Baku", "Bakü", "Bakı", "AZ", ("Baku", "Bakü"),
            other="Baku City Executive Power\nBakı Şəhər İcra Hakimiyyəti\nBakü\nBaky",
            culture="az", member=True, population=(2303100, 2022),
            highlights=((f"Walled City of Baku with the Shirvanshah's Palace and Maiden Tower: "
                         f"{unesco} 2000",
                         f"Şirvanşahlar Sarayı ve Kız Kulesi ile surlarla çevrili Bakü: 2000 "
                         f"{unesco_tr}", 2000),)),
        org("ganja", K.PROVINCIAL, "Ganja", "Gence", "Gəncə", "AZ", ("Ganja", "Gence"),
            other="Ganja City Executive Power\nGence\nGanca\nKirovabad", culture="az",
            member=True, population=(335600, 2021),
            highlights=(("Birthplace of the poet Nizami Ganjavi",
                         "Şair Nizami Gencevi'nin doğduğu şehir", None),)),
        org("shusha", K.TOWN, "Shusha", "Şuşa", "Şuşa", "AZ", ("Shusha", "Şuşa"),
            other="Shusha City Executive Power\nShushi\nSusa", culture="az", member=True,
            highlights=(("Declared the cultural capital of Azerbaijan in 2021",
                         "2021'de Azerbaycan'ın kültür başkenti ilan edildi", 2021),
                        ("Cultural Capital of the Turkic World in 2023",
                         "2023 Türk Dünyası Kültür Başkenti", 2023))),
        org("nakhchivan-autonomous-republic", K.REGIONAL, "Nakhchivan Autonomous Republic",
            "Nahçıvan Özerk Cumhuriyeti", "Naxçıvan Muxtar Respublikası", "AZ",
            ("Nakhchivan", "Nahçıvan"), other="Nakhichevan\nNahçıvan\nNaxcivan", culture="az"),
        org("nakhchivan", K.PROVINCIAL, "Nakhchivan", "Nahçıvan", "Naxçıvan", "AZ",
            ("Nakhchivan", "Nahçıvan"), parent="nakhchivan-autonomous-republic",
            other="Nakhichevan\nNahçıvan\nNaxcivan", culture="az", member=True),
        org("ministry-of-culture-azerbaijan", K.MINISTRY,
            "Ministry of Culture of the Republic of Azerbaijan",
            "Azerbaycan Cumhuriyeti Kültür Bakanlığı", "Azərbaycan Respublikasının Mədəniyyət "
            "Nazirliyi", "AZ", ("Baku", "Bakü"), culture="az"),
        org("embassy-of-azerbaijan-ankara", K.EMBASSY, "Embassy of Azerbaijan in Ankara",
            "Azerbaycan Ankara Büyükelçiliği", "Azərbaycan Respublikasının Türkiyədəki Səfirliyi",
            "AZ", ank, where="TR", region="Ankara (Türkiye)", culture="az"),
        org("turkic-culture-and-heritage-foundation", K.FOUNDATION,
            "Turkic Culture and Heritage Foundation", "Türk Kültür ve Mirası Vakfı",
            "Türk Mədəniyyəti və İrsi Fondu", "AZ", ("Baku", "Bakü"), culture="az"),
        # Kazakhstan
        org("astana", K.METROPOLITAN, "Astana", "Astana", "Астана", "KZ", ("Astana", "Astana"),
            other="Nur-Sultan\nНұр-Сұлтан\nAstana City Akimat\nАстана қаласының әкімдігі\nAkmola",
            culture="kz", member=True, population=(1354556, 2023),
            highlights=(("Capital of Kazakhstan since 1997", "1997'den beri Kazakistan'ın başkenti",
                         1997),)),
        org("almaty", K.METROPOLITAN, "Almaty", "Almatı", "Алматы", "KZ", ("Almaty", "Almatı"),
            other="Alma-Ata\nАлма-Ата\nAlmaty City Akimat\nАлматы қаласының әкімдігі",
            culture="kz", member=True, population=(2228675, 2023)),
        org("shymkent", K.METROPOLITAN, "Shymkent", "Çimkent", "Шымкент", "KZ",
            ("Shymkent", "Çimkent"), other="Şımkent\nChimkent\nShymkent City Akimat",
            culture="kz", member=True, population=(1222000, 2023),
            highlights=(("A city of republican significance since 2018",
                         "2018'den beri cumhuriyet öneminde şehir statüsünde", 2018),)),
        org("kyzylorda", K.PROVINCIAL, "Kyzylorda", "Kızılorda", "Қызылорда", "KZ",
            ("Kyzylorda", "Kızılorda"), other="Qyzylorda\nKzyl-Orda", culture="kz", member=True),
        org("embassy-of-kazakhstan-ankara", K.EMBASSY, "Embassy of Kazakhstan in Ankara",
            "Kazakistan Ankara Büyükelçiliği",
            "Қазақстан Республикасының Түркия Республикасындағы Елшілігі", "KZ", ank, where="TR",
            region="Ankara (Türkiye)", culture="kz"),
        # Kyrgyzstan
        org("bishkek", K.METROPOLITAN, "Bishkek", "Bişkek", "Бишкек", "KG", ("Bishkek", "Bişkek"),
            other="Frunze\nBishkek City Hall\nБишкек шаарынын мэриясы", culture="kg",
            member=True, population=(1145000, 2022)),
        org("osh", K.PROVINCIAL, "Osh", "Oş", "Ош", "KG", ("Osh", "Oş"),
            other="Oş\nOsh City Hall\nОш шаарынын мэриясы", culture="kg", member=True,
            highlights=((f"Sulaiman-Too Sacred Mountain: {unesco} 2009",
                         f"Süleyman Dağı: 2009 {unesco_tr}", 2009),)),
        org("consulate-general-of-kyrgyzstan-istanbul", K.EMBASSY,
            "Consulate General of the Kyrgyz Republic in Istanbul",
            "Kırgız Cumhuriyeti İstanbul Başkonsolosluğu",
            "Кыргыз Республикасынын Стамбулдагы Башкы консулдугу", "KG", ist, where="TR",
            region="İstanbul (Türkiye)", culture="kg"),
        # Uzbekistan
        org("tashkent", K.METROPOLITAN, "Tashkent", "Taşkent", "Toshkent", "UZ",
            ("Tashkent", "Taşkent"), other="Тошкент\nТашкент\nTashkent City Hokimiyat",
            culture="uz", member=True, population=(2956384, 2023)),
        org("samarkand", K.PROVINCIAL, "Samarkand", "Semerkant", "Samarqand", "UZ",
            ("Samarkand", "Semerkant"), other="Самарқанд\nSemerkand\nSamarqand shahar hokimligi",
            culture="uz", member=True, population=(573200, 2023),
            highlights=((f"Samarkand, Crossroad of Cultures: {unesco} 2001",
                         f"Semerkant, Kültürlerin Kavşağı: 2001 {unesco_tr}", 2001),)),
        org("bukhara", K.PROVINCIAL, "Bukhara", "Buhara", "Buxoro", "UZ", ("Bukhara", "Buhara"),
            other="Бухоро\nBokhara\nBuhara", culture="uz", member=True,
            highlights=((f"Historic Centre of Bukhara: {unesco} 1993",
                         f"Buhara Tarihi Merkezi: 1993 {unesco_tr}", 1993),)),
        org("khiva", K.TOWN, "Khiva", "Hive", "Xiva", "UZ", ("Khiva", "Hive"),
            other="Хива\nHiva\nKhiwa", culture="uz", member=True,
            highlights=((f"Itchan Kala, the walled inner town: {unesco} 1990",
                         f"İçan Kale, surlarla çevrili iç şehir: 1990 {unesco_tr}", 1990),)),
        org("consulate-general-of-uzbekistan-istanbul", K.EMBASSY,
            "Consulate General of Uzbekistan in Istanbul", "Özbekistan İstanbul Başkonsolosluğu",
            "Oʻzbekiston Respublikasining Istanbuldagi Bosh konsulligi", "UZ", ist, where="TR",
            region="İstanbul (Türkiye)", culture="uz"),
        # Turkmenistan
        org("ashgabat", K.METROPOLITAN, "Ashgabat", "Aşkabat", "Aşgabat", "TM",
            ("Ashgabat", "Aşkabat"), other="Ashkhabad\nАшхабад\nAşkabat", culture="tm",
            highlights=(("In the Guinness World Records for its white marble buildings (2013)",
                         "Beyaz mermer binalarıyla Guinness Rekorlar Kitabı'nda (2013)", 2013),)),
        org("mary", K.PROVINCIAL, "Mary", "Mari", "Mary", "TM", ("Mary", "Mari"),
            other="Мары\nMerv\nMari", culture="tm",
            highlights=((f"Near Ancient Merv: {unesco} 1999",
                         f"Antik Merv'in yakınında: 1999 {unesco_tr}", 1999),)),
        # Russia: Tatarstan and Bashkortostan
        org("republic-of-tatarstan", K.REGIONAL, "Republic of Tatarstan", "Tataristan Cumhuriyeti",
            "Татарстан Республикасы", "RU", ("Kazan", "Kazan"),
            other="Tatarstan\nРеспублика Татарстан\nTataristan", culture="tt"),
        org("kazan", K.METROPOLITAN, "Kazan", "Kazan", "Казан", "RU", ("Kazan", "Kazan"),
            parent="republic-of-tatarstan", region="Republic of Tatarstan",
            other="Казань\nQazan\nKazan City Executive Committee", culture="tt", member=True,
            population=(1318604, 2023),
            highlights=((f"The Kazan Kremlin: {unesco} 2000", f"Kazan Kremlini: 2000 {unesco_tr}",
                         2000),
                        ("Cultural Capital of the Turkic World in 2014",
                         "2014 Türk Dünyası Kültür Başkenti", 2014))),
        org("republic-of-bashkortostan", K.REGIONAL, "Republic of Bashkortostan",
            "Başkurdistan Cumhuriyeti", "Башҡортостан Республикаһы", "RU", ("Ufa", "Ufa"),
            other="Bashkiria\nБашкортостан\nBaşkurdistan", culture="ba"),
        org("ufa", K.METROPOLITAN, "Ufa", "Ufa", "Өфө", "RU", ("Ufa", "Ufa"),
            parent="republic-of-bashkortostan", region="Republic of Bashkortostan",
            other="Уфа\nÖfö", culture="ba", member=True, population=(1144809, 2021)),
        # Moldova: Gagauzia
        org("gagauz-yeri", K.REGIONAL, "Gagauz Yeri", "Gagauz Yeri", "Gagauz Yeri", "MD",
            ("Comrat", "Komrat"),
            other="Gagauzia\nATU Gagauzia\nUTA Găgăuzia\nГагаузия\nGagavuzya", culture="gag",
            description=("The autonomous territorial unit of the Gagauz people in Moldova.",
                         "Moldova'da Gagauz Türklerinin özerk toprak birimi.")),
        org("comrat", K.TOWN, "Comrat", "Komrat", "Komrat", "MD", ("Comrat", "Komrat"),
            parent="gagauz-yeri", region="Gagauz Yeri", other="Комрат\nComrat Municipality",
            culture="gag", member=True, population=(20113, 2014)),
        # International organisations (no country)
        org("turksoy", K.INTERNATIONAL, "International Organization of Turkic Culture",
            "Uluslararası Türk Kültürü Teşkilatı", "", "", ank, where="TR", short="TÜRKSOY",
            other="TURKSOY\nTürksoy", culture="intl", website="https://www.turksoy.org"),
        org("turkpa", K.INTERNATIONAL, "Parliamentary Assembly of Turkic States",
            "Türk Devletleri Parlamenter Asamblesi", "", "", ("Baku", "Bakü"), where="AZ",
            short="TÜRKPA", other="TURKPA\nTurkPA", culture="intl"),
        org("organization-of-turkic-states", K.INTERNATIONAL, "Organization of Turkic States",
            "Türk Devletleri Teşkilatı", "", "", ist, where="TR", short="OTS",
            other="TDT\nTurkic Council\nTürk Konseyi\nCooperation Council of Turkic Speaking "
            "States", culture="intl", website="https://www.turkicstates.org"),
    ]  # fmt: skip


COUNTRY = {
    "TR": ("Türkiye", "Türkiye"),
    "XN": ("Northern Cyprus", "Kuzey Kıbrıs Türk Cumhuriyeti"),
    "XK": ("Kosovo", "Kosova"),
    "BA": ("Bosnia and Herzegovina", "Bosna-Hersek"),
    "MK": ("North Macedonia", "Kuzey Makedonya"),
    "AZ": ("Azerbaijan", "Azerbaycan"),
    "KZ": ("Kazakhstan", "Kazakistan"),
    "KG": ("Kyrgyzstan", "Kırgızistan"),
    "UZ": ("Uzbekistan", "Özbekistan"),
    "TM": ("Turkmenistan", "Türkmenistan"),
    "RU": ("the Russian Federation", "Rusya Federasyonu"),
    "MD": ("Moldova", "Moldova"),
}
CURRENCY = {
    "TR": ("TRY", 1500, 60000), "XN": ("TRY", 1500, 40000), "XK": ("EUR", 50, 1500),
    "BA": ("BAM", 100, 3000), "MK": ("MKD", 3000, 90000), "AZ": ("AZN", 100, 3000),
    "KZ": ("KZT", 25000, 900000), "KG": ("KGS", 5000, 150000),
    "UZ": ("UZS", 600000, 25000000), "TM": ("TMT", 200, 7000), "RU": ("RUB", 5000, 150000),
    "MD": ("MDL", 1000, 35000), "": ("USD", 50, 2000),
}  # fmt: skip
LANGUAGE = {
    "tr": "tr", "az": "az", "kz": "kk", "kg": "ky", "uz": "uz", "tm": "tk", "tt": "tt",
    "ba": "ru", "gag": "other", "bs": "other", "mk": "other", "al": "other",
}  # fmt: skip

# Who meets whom in the same city (a minister, then a mayor the same afternoon) ...
CO_HOSTS = {
    "baku": ["ministry-of-culture-azerbaijan", "turkpa", "turkic-culture-and-heritage-foundation"],
    "kazan": ["republic-of-tatarstan"],
    "ufa": ["republic-of-bashkortostan"],
    "comrat": ["gagauz-yeri"],
    "city-of-sarajevo": ["sarajevo-canton"],
    "nakhchivan": ["nakhchivan-autonomous-republic"],
    "ankara-metropolitan-municipality": [
        "ministry-of-interior-turkiye", "ministry-of-culture-and-tourism-turkiye", "turksoy",
    ],
    "ministry-of-interior-turkiye": ["ankara-metropolitan-municipality"],
    "ministry-of-culture-and-tourism-turkiye": ["ankara-metropolitan-municipality", "turksoy"],
    "turksoy": ["ankara-metropolitan-municipality"],
    "turkpa": ["baku"],
    "republic-of-tatarstan": ["kazan"],
    "gagauz-yeri": ["comrat"],
    "astana": ["almaty"],
}  # fmt: skip
# ... and where a tour goes on the next day.
TOURS = {
    "tashkent": ["samarkand", "bukhara", "khiva"],
    "samarkand": ["bukhara", "tashkent"],
    "bukhara": ["khiva", "samarkand"],
    "astana": ["almaty", "shymkent"],
    "almaty": ["shymkent", "astana"],
    "shymkent": ["kyzylorda"],
    "baku": ["ganja", "shusha"],
    "ganja": ["shusha"],
    "bishkek": ["osh"],
    "ashgabat": ["mary"],
    "kazan": ["ufa"],
    "nicosia-turkish-municipality": ["kyrenia-municipality"],
    "prizren-municipality": ["mamusa-municipality"],
    "city-of-sarajevo": ["city-of-skopje"],
    "nakhchivan-autonomous-republic": ["nakhchivan"],
}
# Foreign delegations in Türkiye often come with their embassy or consulate.
ESCORTS = {
    "KZ": ["embassy-of-kazakhstan-ankara"],
    "AZ": ["embassy-of-azerbaijan-ankara"],
    "UZ": ["consulate-general-of-uzbekistan-istanbul"],
    "KG": ["consulate-general-of-kyrgyzstan-istanbul"],
}
# Mayors who sit on the union's executive board (a second post beside their mayoralty).
BOARD = [
    "fatih-municipality", "eskisehir-metropolitan-municipality", "bursa-metropolitan-municipality",
    "kayseri-metropolitan-municipality", "esenler-municipality", "shymkent", "comrat",
    "nicosia-turkish-municipality", "prizren-municipality", "osh", "ganja", "samarkand",
]  # fmt: skip
VICE_PRESIDENTS = ["kazan", "bagcilar-municipality"]
PRESIDENT_CITY = "konya-metropolitan-municipality"
FORMER_PRESIDENT_CITY = "kayseri-metropolitan-municipality"


# --- People ----------------------------------------------------------------------


def _pairs(text):
    return [tuple(item.split("=")) for item in text.split()]


NAMES = {
    "tr": (
        _words(
            "Ahmet Mehmet Mustafa Hüseyin İbrahim Murat Serkan Tuncay Oğuzhan Erdem Çağatay Hakan "
            "Selim Yusuf Kerem Emre Ufuk Levent Şenol Ertuğrul İlhan Gökhan Volkan Doğan Barış "
            "Cengiz Tolga Ümit Özgür Nihat"
        ),
        _words(
            "Ayşe Zeynep Elif Gülşen Şule Özlem Tuğba Büşra Esra Hülya Nurcan Sevgi İpek Derya "
            "Gönül Çiğdem Şeyma Ülkü Aslı Gökçe"
        ),
        _words(
            "Karabulutoğlu Çelikkaya Yıldızoğlu Gündoğdu Özkaraca Şahinoğlu Ergüven Sarıkaya "
            "Altıntaş Karakuş Öztürkmen Yılmazer Tekinalp Gürbüzer Başaranoğlu Çınarlı Akıncılar "
            "Kuzucuoğlu Eryiğit Demirkol Soğukpınar Yeşilyurt Karadağlı Güneşdoğdu Uğurluer "
            "Aydınlıoğlu Ilgaz Koçyiğit Tanrıverdi Şenocak Dağdelen Kırcalı Öğütçü İnceoğlu "
            "Çakıroğlu Bozkurtlar Elmacıoğlu Gezginci"
        ),
    ),
    "az": (
        _words(
            "Elçin Rəşad Vüqar Tural Elnur Fərid Orxan Kamran Ramil Şahin Nicat Zaur Anar Emin "
            "Səbuhi"
        ),
        _words("Nigar Aygün Səbinə Ləman Günay Aynur Fidan Könül Şəbnəm Aytən"),
        _pairs(
            "Məmmədli=Məmmədli Qasımlı=Qasımlı Əlizadə=Əlizadə Həsənzadə=Həsənzadə "
            "Nəbiyev=Nəbiyeva Quliyev=Quliyeva Süleymanlı=Süleymanlı Rzayev=Rzayeva "
            "İsmayılov=İsmayılova Cəfərli=Cəfərli Bağırov=Bağırova Hüseynli=Hüseynli "
            "Vəliyev=Vəliyeva Kərimli=Kərimli"
        ),
    ),
    "kz": (
        _pairs(
            "Dauren=Дәурен Yerlan=Ерлан Nurlan=Нұрлан Askar=Асқар Bolat=Болат Serik=Серік "
            "Marat=Марат Kayrat=Қайрат Arman=Арман Bauyrjan=Бауыржан Yerjan=Ержан "
            "Daniyar=Данияр"
        ),
        _pairs(
            "Gülnar=Гүлнар Saule=Сәуле Aygerim=Әйгерім Dana=Дана Jansaya=Жансая Ayjan=Айжан "
            "Madina=Мадина Ardak=Ардақ"
        ),
        _pairs(
            "Jaksıbekov=Жақсыбеков Tohtarov=Тоқтаров Sarsenbayev=Сәрсенбаев Ospanov=Оспанов "
            "Kuanışev=Қуанышев Jumabekov=Жұмабеков Abılkasımov=Абылқасымов "
            "Beysenov=Бейсенов İsabekov=Исабеков Kaliyev=Қалиев Nurpeyisov=Нұрпейісов "
            "Seytkaliyev=Сейтқалиев"
        ),
    ),
    "kg": (
        _pairs(
            "Azamat=Азамат Bakıt=Бакыт Nurbek=Нурбек Ulan=Улан Talant=Талант "
            "Almazbek=Алмазбек Kubanıçbek=Кубанычбек Eldiyar=Элдияр Meder=Медер"
        ),
        _pairs("Aynura=Айнура Cıldız=Жылдыз Gülzat=Гүлзат Nazgül=Назгүл Burul=Бурул Aygül=Айгүл"),
        _pairs(
            "Toktogulov=Токтогулов Asanaliyev=Асаналиев Bekmurzayev=Бекмурзаев "
            "Osmonaliyev=Осмоналиев Sultanbekov=Султанбеков Kadırbekov=Кадырбеков "
            "Mamıtov=Мамытов Abdıkadırov=Абдыкадыров Turdumambetov=Турдумамбетов"
        ),
    ),
    "uz": (
        _words("Sherzod Jamshid Bahodir Ulugʻbek Rustam Otabek Sardor Dilshod Farrux Jasur Akmal"),
        ["Dilnoza", "Nodira", "Gulnora", "Malika", "Zarina", "Shahnoza", "Munisa", "Feruza"],
        _pairs(
            "Toshmatov=Toshmatova Yoʻldoshev=Yoʻldosheva Qodirov=Qodirova Rahimov=Rahimova "
            "Normatov=Normatova Ergashev=Ergasheva Xoʻjayev=Xoʻjayeva Sobirov=Sobirova "
            "Nazarov=Nazarova Islomov=Islomova"
        ),
    ),
    "tm": (
        _words("Merdan Myrat Batyr Döwlet Aýdogdy Guwanç Maksat Begenç Kerim Annamyrat"),
        ["Jeren", "Aýna", "Maýsa", "Gülşat", "Bägül", "Enejan"],
        _pairs(
            "Orazgeldiýew=Orazgeldiýewa Annaýew=Annaýewa Hojamyradow=Hojamyradowa "
            "Gurbanow=Gurbanowa Çaryýew=Çaryýewa Atayew=Atayewa Nurmuhammedow=Nurmuhammedowa "
            "Amanow=Amanowa Saparow=Saparowa"
        ),
    ),
    "tt": (
        _pairs(
            "Rinat=Ринат İldar=Илдар Radik=Радик Ayrat=Айрат Marsel=Марсель İlnur=Илнур "
            "Rüstem=Рөстәм Azat=Азат"
        ),
        _pairs("Gülnara=Гөлнара Alsu=Алсу Leysan=Ләйсән İlsiyar=Илсияр Dilyara=Диләрә"),
        _pairs(
            "Galiullin=Галиуллин Sabirov=Сабиров Hayrullin=Хәйруллин Zakirov=Закиров "
            "Fazlıyev=Фазлыев Şakirov=Шакиров Gabdullin=Габдуллин Nurgaliyev=Нургалиев"
        ),
    ),
    "ba": (
        _pairs("Azat=Азат Rüstem=Рөстәм İlgiz=Илгиз Timur=Тимур Salavat=Салауат"),
        _pairs("Zölfiye=Зөлфиә Gülnaz=Гөлназ Aygöl=Айгөл Alsu=Алсу"),
        _pairs(
            "Ahmetşin=Әхмәтшин Baymurzin=Баймурзин Kuvatov=Ҡуатов Yulbarsov=Юлбарсов "
            "İşmuhametov=Ишмөхәмәтов"
        ),
    ),
    "gag": (
        _pairs(
            "İvan=Иван Mihail=Михаил Födor=Фёдор Dimitri=Дмитрий Petri=Пётр Nikolay=Николай "
            "Georgi=Георгий"
        ),
        _pairs("İrina=Ирина Olga=Ольга Natalya=Наталья Tatyana=Татьяна Mariya=Мария"),
        _pairs(
            "Kulaksız=Кулаксыз Karaseni=Карасени Dimitroglo=Димитрогло Buyuklı=Буюклы "
            "Arnaut=Арнаут Tanasoglu=Танасоглу Karacuban=Караджубан"
        ),
    ),
    "bs": (
        ["Emir", "Adnan", "Haris", "Kenan", "Tarik", "Senad", "Edin", "Mirza"],
        ["Amra", "Lejla", "Selma", "Ajla", "Merima", "Azra"],
        _words("Hadžiabdić Mehmedović Begić Hodžić Delić Alibegović Kurtović Mujagić"),
    ),
    "mk": (
        _pairs("Goran=Горан Dimitar=Димитар Aleksandar=Александар Vlatko=Влатко Igor=Игор"),
        _pairs("Elena=Елена Marija=Марија Biljana=Билјана Ana=Ана"),
        _pairs(
            "Stojanovski=Стојановски Petrovski=Петровски Nikolovski=Николовски "
            "Trajkovski=Трајковски Angelovski=Ангеловски"
        ),
    ),
    "al": (
        ["Arben", "Besnik", "Driton", "Shpend", "Agim", "Valon", "Ilir"],
        ["Arta", "Drita", "Teuta", "Blerta", "Mimoza"],
        ["Krasniqi", "Gashi", "Morina", "Shala", "Kryeziu", "Bytyqi", "Rexhepi", "Haliti"],
    ),
}
CYRILLIC_CULTURES = {"kz", "kg", "tt", "ba", "gag", "mk"}
_EN_FROM_CYRILLIC = str.maketrans(
    {
        "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "gh", "д": "d", "е": "e",
        "ё": "yo", "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "k", "ҡ": "k",
        "л": "l", "м": "m", "н": "n", "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r",
        "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h",
        "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "і": "i", "ь": "",
        "э": "e", "ю": "yu", "я": "ya", "ј": "j",
    }
)  # fmt: skip
_EN_FROM_LATIN = str.maketrans(
    {
        "ə": "a", "Ə": "A", "ç": "ch", "Ç": "Ch", "ş": "sh", "Ş": "Sh", "ğ": "gh", "ı": "i",
        "İ": "I", "ö": "o", "ü": "u", "Ü": "U", "x": "kh", "X": "Kh", "q": "g", "Q": "G",
        "ʻ": "", "ý": "y", "w": "v", "ä": "a", "ň": "n", "ž": "zh", "c": "j", "C": "J",
    }
)  # fmt: skip


def _english_spelling(name, local, culture):
    """The spelling an English or Russian text would use (Zhaksybekov for Jaksıbekov)."""
    if local and culture in CYRILLIC_CULTURES:
        return " ".join(w.lower().translate(_EN_FROM_CYRILLIC).capitalize() for w in local.split())
    if culture in {"az", "uz", "tm"}:
        text = name.translate(_EN_FROM_LATIN)
        if culture == "uz":  # Uzbek q and x are k and kh in English, not g
            text = name.replace("ʻ", "").replace("q", "k").replace("Q", "K")
            text = text.replace("x", "kh").replace("X", "Kh")
        return text
    return ""


@dataclass(eq=False)
class PersonSpec:
    name: str
    local: str
    other: str
    culture: str
    instance: Person | None = None


@dataclass(eq=False)
class PostSpec:
    person: PersonSpec
    org: str
    role: str
    title_en: str
    title_tr: str
    start: dt.date | None
    end: dt.date | None = None
    municipality: str = ""  # for a union board seat: the mayoralty it goes with

    def held_on(self, day):
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _titles(spec, role):
    """The English and Turkish titles of a post by role in an organisation."""
    country = spec.country
    if spec.is_municipal:
        head, deputy = {
            "AZ": (("Head of the City Executive Power", "Şehir İcra Hakimiyeti Başkanı"),
                   ("Deputy Head of the City Executive Power",
                    "Şehir İcra Hakimiyeti Başkan Yardımcısı")),
            "KZ": (("Akim (Mayor)", "Akim (Belediye Başkanı)"), ("Deputy Akim", "Akim Yardımcısı")),
            "UZ": (("Hokim (Mayor)", "Hokim (Belediye Başkanı)"),
                   ("Deputy Hokim", "Hokim Yardımcısı")),
            "TM": (("Hakim (Mayor)", "Hakim (Belediye Başkanı)"),
                   ("Deputy Hakim", "Hakim Yardımcısı")),
        }.get(country, (("Mayor", "Belediye Başkanı"),
                        ("Deputy Mayor", "Belediye Başkan Yardımcısı")))  # fmt: skip
        staff = ("Head of Foreign Relations", "Dış İlişkiler Müdürü")
    elif spec.kind == K.MINISTRY:
        head, deputy = ("Minister", "Bakan"), ("Deputy Minister", "Bakan Yardımcısı")
        staff = (
            ("Director General of Local Authorities", "Mahalli İdareler Genel Müdürü")
            if "interior" in spec.slug
            else ("Director General for Foreign Relations", "Dış İlişkiler Genel Müdürü")
        )
    elif spec.kind == K.EMBASSY:
        if spec.slug.startswith("consulate"):
            head, deputy = ("Consul General", "Başkonsolos"), ("Consul", "Konsolos")
        else:
            head, deputy = ("Ambassador", "Büyükelçi"), ("Counsellor", "Müsteşar")
        staff = ("Attaché", "Ataşe")
    elif spec.kind == K.INTERNATIONAL:
        head = ("Secretary General", "Genel Sekreter")
        deputy = ("Deputy Secretary General", "Genel Sekreter Yardımcısı")
        staff = ("Head of Department", "Daire Başkanı")
    elif spec.kind == K.REGIONAL:
        head = {
            "republic-of-tatarstan": ("Head of the Republic (Rais)", "Cumhuriyet Başkanı (Rais)"),
            "republic-of-bashkortostan": ("Head of the Republic", "Cumhuriyet Başkanı"),
            "gagauz-yeri": ("Governor (Bashkan)", "Başkan"),
            "sarajevo-canton": ("Prime Minister of the Canton", "Kanton Başbakanı"),
            "nakhchivan-autonomous-republic": ("Chairman of the Supreme Assembly",
                                               "Ali Meclis Başkanı"),
        }[spec.slug]  # fmt: skip
        deputy = ("Deputy Head of Government", "Hükümet Başkan Yardımcısı")
        staff = ("Head of External Relations", "Dış İlişkiler Başkanı")
    elif spec.kind == K.UNION:
        head, deputy = ("President", "Başkan"), ("Secretary General", "Genel Sekreter")
        staff = ("Head of Foreign Relations", "Dış İlişkiler Müdürü")
    else:
        head, deputy = ("President", "Başkan"), ("Vice President", "Başkan Yardımcısı")
        staff = ("Coordinator", "Koordinatör")
    return {"head": head, "deputy": deputy, "staff": staff}[role]


# --- Events and projects ------------------------------------------------------------


class EventSpec(NamedTuple):
    slug: str
    kind: str
    name_en: str
    name_tr: str
    organizer: str
    city: tuple
    country: str
    start: dt.date
    end: dt.date | None
    precision: str

    @property
    def last_day(self):
        return self.end or _period_end(self.start, self.precision)


class ProjectSpec(NamedTuple):
    slug: str
    name_en: str
    name_tr: str
    description: tuple
    status: str
    start: dt.date | None
    end: dt.date | None
    partners: list  # (organisation slug, role)


EVENTS = [EventSpec(*row) for row in [
    ("turkic-world-mayors-forum-2019", "conference", "Turkic World Mayors Forum 2019",
     "Türk Dünyası Belediye Başkanları Forumu 2019", HOME, ("Istanbul", "İstanbul"), "TR",
     dt.date(2019, 10, 16), dt.date(2019, 10, 17), "day"),
    ("general-assembly-of-the-union-2019", "congress", "General Assembly of the Union 2019",
     "Birlik Genel Kurulu 2019", HOME, ("Istanbul", "İstanbul"), "TR",
     TDBB_CONGRESS, TDBB_CONGRESS, "day"),
    ("nowruz-festival-kazan-2019", "festival", "Nowruz Festival of the Turkic World, Kazan",
     "Türk Dünyası Nevruz Şenliği, Kazan", "kazan", ("Kazan", "Kazan"), "RU",
     dt.date(2019, 3, 21), dt.date(2019, 3, 23), "day"),
    ("khiva-cultural-capital-of-the-turkic-world-2021", "ceremony",
     "Khiva, Cultural Capital of the Turkic World: closing ceremony",
     "Türk Dünyası Kültür Başkenti Hive: kapanış töreni", "turksoy", ("Khiva", "Hive"), "UZ",
     dt.date(2021, 9, 1), None, "month"),
    ("bursa-cultural-capital-of-the-turkic-world-2022", "ceremony",
     "Bursa, Cultural Capital of the Turkic World 2022: opening ceremony",
     "2022 Türk Dünyası Kültür Başkenti Bursa: açılış töreni", "turksoy", ("Bursa", "Bursa"),
     "TR", dt.date(2022, 3, 19), dt.date(2022, 3, 20), "day"),
    ("ethnosport-culture-festival-2022", "sport", "Ethnosport Culture Festival 2022",
     "Etnospor Kültür Festivali 2022", ISTANBUL, ("Istanbul", "İstanbul"), "TR",
     dt.date(2022, 5, 12), dt.date(2022, 5, 15), "day"),
    ("turkic-world-mayors-forum-2022", "conference", "Turkic World Mayors Forum 2022",
     "Türk Dünyası Belediye Başkanları Forumu 2022", HOME, ("Baku", "Bakü"), "AZ",
     dt.date(2022, 10, 12), dt.date(2022, 10, 13), "day"),
    ("shusha-cultural-capital-of-the-turkic-world-2023", "ceremony",
     "Shusha, Cultural Capital of the Turkic World 2023: opening ceremony",
     "2023 Türk Dünyası Kültür Başkenti Şuşa: açılış töreni", "turksoy", ("Shusha", "Şuşa"),
     "AZ", dt.date(2023, 5, 1), None, "month"),
    ("general-assembly-of-the-union-2023", "congress", "General Assembly of the Union 2023",
     "Birlik Genel Kurulu 2023", HOME, ("Istanbul", "İstanbul"), "TR",
     dt.date(2023, 6, 14), dt.date(2023, 6, 14), "day"),
    ("turkic-world-tourism-and-culture-fair-2023", "fair",
     "Turkic World Tourism and Culture Fair 2023", "Türk Dünyası Turizm ve Kültür Fuarı 2023",
     HOME, ("Istanbul", "İstanbul"), "TR", dt.date(2023, 11, 8), dt.date(2023, 11, 11), "day"),
    ("istanbul-turkic-world-culture-week-2024", "festival",
     "Istanbul Turkic World Culture Week 2024", "İstanbul Türk Dünyası Kültür Haftası 2024",
     ISTANBUL, ("Istanbul", "İstanbul"), "TR", dt.date(2024, 6, 3), dt.date(2024, 6, 9), "day"),
    ("world-nomad-games-2024", "sport", "5th World Nomad Games", "5. Dünya Göçebe Oyunları",
     "astana", ("Astana", "Astana"), "KZ", dt.date(2024, 9, 8), dt.date(2024, 9, 13), "day"),
    ("turkic-world-mayors-forum-2024", "conference", "Turkic World Mayors Forum 2024",
     "Türk Dünyası Belediye Başkanları Forumu 2024", HOME, ("Tashkent", "Taşkent"), "UZ",
     dt.date(2024, 10, 23), dt.date(2024, 10, 24), "day"),
    ("nowruz-festival-bishkek-2025", "festival", "Nowruz Festival of the Turkic World, Bishkek",
     "Türk Dünyası Nevruz Şenliği, Bişkek", "bishkek", ("Bishkek", "Bişkek"), "KG",
     dt.date(2025, 3, 20), dt.date(2025, 3, 22), "day"),
    ("turkic-world-smart-cities-forum-2025", "conference", "Turkic World Smart Cities Forum 2025",
     "Türk Dünyası Akıllı Şehirler Forumu 2025", "konya-metropolitan-municipality",
     ("Konya", "Konya"), "TR", dt.date(2025, 5, 14), dt.date(2025, 5, 15), "day"),
    ("general-assembly-of-the-union-2025", "congress", "General Assembly of the Union 2025",
     "Birlik Genel Kurulu 2025", HOME, ("Istanbul", "İstanbul"), "TR",
     dt.date(2025, 11, 19), dt.date(2025, 11, 19), "day"),
    ("turkic-world-mayors-forum-2026", "conference", "Turkic World Mayors Forum 2026",
     "Türk Dünyası Belediye Başkanları Forumu 2026", HOME, ("Kazan", "Kazan"), "RU",
     dt.date(2026, 12, 9), dt.date(2026, 12, 10), "day"),
    ("nowruz-festival-ganja-2027", "festival", "Nowruz Festival of the Turkic World, Ganja",
     "Türk Dünyası Nevruz Şenliği, Gence", "ganja", ("Ganja", "Gence"), "AZ",
     dt.date(2027, 3, 20), dt.date(2027, 3, 21), "day"),
]]  # fmt: skip

PROJECTS = [ProjectSpec(*row) for row in [
    ("turkic-world-smart-cities-network", "Turkic World Smart Cities Network",
     "Türk Dünyası Akıllı Şehirler Ağı",
     ("Member municipalities share smart-city solutions: traffic, water and e-services.",
      "Üye belediyeler trafik, su ve e-hizmet alanındaki akıllı şehir çözümlerini paylaşıyor."),
     "active", dt.date(2022, 1, 10), None,
     [(HOME, "lead"), ("konya-metropolitan-municipality", "partner"), ("astana", "partner"),
      ("tashkent", "partner"), ("baku", "prospective")]),
    ("silk-road-historic-cities-restoration", "Silk Road Historic Cities Restoration Programme",
     "İpek Yolu Tarihi Şehirler Restorasyon Programı",
     ("Surveys and restoration of historic buildings along the Silk Road.",
      "İpek Yolu üzerindeki tarihi yapıların rölöve ve restorasyonu."),
     "active", dt.date(2020, 9, 1), None,
     [(HOME, "lead"), ("bukhara", "partner"), ("khiva", "partner"), ("samarkand", "partner"),
      ("ministry-of-culture-and-tourism-turkiye", "partner")]),
    ("municipal-experience-sharing-academy", "Municipal Experience-Sharing Academy",
     "Belediye Tecrübe Paylaşım Akademisi",
     ("Short courses in Istanbul for staff of member municipalities.",
      "Üye belediye personeline İstanbul'da kısa süreli eğitimler."),
     "active", dt.date(2019, 2, 1), None,
     [(HOME, "lead"), (ISTANBUL, "partner"), ("fatih-municipality", "partner"),
      ("ministry-of-interior-turkiye", "partner")]),
    ("turkic-world-parks", "Turkic World Parks", "Türk Dünyası Parkları",
     ("Parks named after sister cities, laid out by the partner municipalities.",
      "Kardeş şehirlerin adını taşıyan, ortak belediyelerce yapılan parklar."),
     "completed", dt.date(2019, 4, 1), dt.date(2023, 10, 29),
     [("bagcilar-municipality", "lead"), ("shymkent", "partner"), ("osh", "partner"),
      (HOME, "partner")]),
    ("disaster-preparedness-for-municipalities", "Disaster Preparedness for Municipalities",
     "Belediyeler için Afete Hazırlık",
     ("Training and equipment for search and rescue teams of member municipalities.",
      "Üye belediyelerin arama kurtarma ekiplerine eğitim ve ekipman."),
     "active", dt.date(2023, 3, 1), None,
     [(HOME, "lead"), ("ministry-of-interior-turkiye", "partner"),
      ("kayseri-metropolitan-municipality", "partner"), ("almaty", "partner")]),
    ("turkic-world-youth-camps", "Turkic World Youth Camps", "Türk Dünyası Gençlik Kampları",
     ("Summer camps bringing together students from member cities.",
      "Üye şehirlerden öğrencileri bir araya getiren yaz kampları."),
     "completed", dt.date(2019, 6, 1), dt.date(2022, 9, 1),
     [("eskisehir-metropolitan-municipality", "lead"), ("kazan", "partner"),
      ("comrat", "partner"), ("bishkek", "partner")]),
    ("khiva-bukhara-samarkand-tourism-route", "Joint Tourism Route Khiva–Bukhara–Samarkand",
     "Hive–Buhara–Semerkant Ortak Turizm Rotası",
     ("A common tourism route and promotion in Türkiye.",
      "Ortak bir turizm rotası ve Türkiye'de tanıtımı."),
     "planned", dt.date(2027, 3, 1), None,
     [("khiva", "lead"), ("bukhara", "partner"), ("samarkand", "partner"), (HOME, "partner")]),
    ("zero-waste-in-turkic-cities", "Zero Waste in Turkic Cities", "Türk Şehirlerinde Sıfır Atık",
     ("Waste separation and recycling pilots in partner districts.",
      "Ortak ilçelerde atık ayrıştırma ve geri dönüşüm pilot uygulamaları."),
     "proposed", None, None,
     [("kadikoy-municipality", "lead"), ("ganja", "prospective"),
      ("nicosia-turkish-municipality", "prospective")]),
    ("shusha-reconstruction-support", "Support for the Reconstruction of Shusha",
     "Şuşa'nın Yeniden İnşasına Destek",
     ("Technical support for the restoration of Shusha's historic quarter.",
      "Şuşa'nın tarihi mahallesinin restorasyonuna teknik destek."),
     "active", dt.date(2021, 6, 15), None,
     [(HOME, "lead"), ("shusha", "partner"), ("turkic-culture-and-heritage-foundation",
                                              "partner")]),
    ("turkic-world-library-corners", "Turkic World Library Corners",
     "Türk Dünyası Kitaplık Köşeleri",
     ("Books on the Turkic world for school libraries in member cities.",
      "Üye şehirlerdeki okul kütüphanelerine Türk dünyası konulu kitaplar."),
     "active", dt.date(2021, 9, 13), None,
     [("yunus-emre-institute", "lead"), (HOME, "partner"), ("prizren-municipality", "partner"),
      ("mamusa-municipality", "partner"), ("city-of-skopje", "prospective")]),
    ("women-entrepreneurs-network", "Women Entrepreneurs' Network of Turkic Municipalities",
     "Türk Dünyası Belediyeleri Kadın Girişimciler Ağı",
     ("Markets and training for women entrepreneurs supported by municipalities.",
      "Belediyelerin desteklediği kadın girişimcilere pazar ve eğitim."),
     "idea", None, None, [("esenler-municipality", "lead"), ("tashkent", "prospective")]),
    ("public-transport-modernisation-shymkent", "Public Transport Modernisation in Shymkent",
     "Çimkent Toplu Taşıma Modernizasyonu",
     ("Experience from Turkish metropolitan municipalities for Shymkent's bus network.",
      "Çimkent otobüs ağı için Türk büyükşehir belediyelerinin tecrübesi."),
     "cancelled", dt.date(2020, 2, 1), dt.date(2020, 11, 30),
     [("shymkent", "lead"), ("bursa-metropolitan-municipality", "partner")]),
]]  # fmt: skip

# --- Texts -------------------------------------------------------------------------

TOPICS = [
    ("experience sharing in city management", "şehir yönetiminde tecrübe paylaşımı"),
    ("public transport", "toplu taşıma"),
    ("restoration of historic buildings", "tarihi yapıların restorasyonu"),
    ("tourism promotion", "turizm tanıtımı"),
    ("disaster management", "afet yönetimi"),
    ("waste management and recycling", "atık yönetimi ve geri dönüşüm"),
    ("smart city services", "akıllı şehir hizmetleri"),
    ("urban transformation", "kentsel dönüşüm"),
    ("youth and sport programmes", "gençlik ve spor programları"),
    ("training of municipal staff", "belediye personelinin eğitimi"),
    ("green spaces and parks", "yeşil alanlar ve parklar"),
    ("water and sewerage infrastructure", "su ve kanalizasyon altyapısı"),
    ("cultural events and festivals", "kültürel etkinlikler ve festivaller"),
    (
        "social services for the elderly and disabled",
        "yaşlı ve engellilere yönelik sosyal hizmetler",
    ),
]
PURPOSES = [
    ("Courtesy visit and exchange of views on cooperation between municipalities",
     "Nezaket ziyareti ve belediyeler arası iş birliği üzerine görüş alışverişi"),
    ("Talks on experience sharing in urban management",
     "Şehir yönetiminde tecrübe paylaşımı görüşmeleri"),
    ("Preparations for a sister-city protocol", "Kardeş şehir protokolü hazırlıkları"),
    ("Study visit on public transport and smart city services",
     "Toplu taşıma ve akıllı şehir hizmetleri üzerine inceleme ziyareti"),
    ("Cooperation in the restoration of historic buildings",
     "Tarihi yapıların restorasyonunda iş birliği"),
    ("Talks on tourism promotion and cultural events",
     "Turizm tanıtımı ve kültürel etkinlikler üzerine görüşmeler"),
    ("Training programme for municipal staff", "Belediye personeline yönelik eğitim programı"),
    ("Disaster preparedness and emergency management", "Afete hazırlık ve acil durum yönetimi"),
    ("Youth and sport exchange", "Gençlik ve spor değişimi"),
    ("Urban transformation and housing", "Kentsel dönüşüm ve konut"),
]  # fmt: skip
SITES = [
    ("historic city centre", "tarihi şehir merkezi"),
    ("smart city control centre", "akıllı şehir kontrol merkezi"),
    ("urban transformation project site", "kentsel dönüşüm proje alanı"),
    ("public transport depot", "toplu taşıma garajı"),
    ("waste recycling plant", "atık geri dönüşüm tesisi"),
    ("municipal vocational training centre", "belediye meslek edindirme merkezi"),
    ("Turkic World Park", "Türk Dünyası Parkı"),
    ("restoration workshop", "restorasyon atölyesi"),
    ("city museum", "şehir müzesi"),
]
PROTOCOL_KINDS = {
    "sister_city": ("Sister-city protocol", "kardeş şehir protokolü"),
    "friendship": ("Friendship protocol", "dostluk protokolü"),
    "cooperation": ("Cooperation protocol", "iş birliği protokolü"),
    "memorandum": ("Memorandum of understanding", "mutabakat zaptı"),
}
QUOTES = {
    # the union receiving
    "home_host": [
        ("Experience sharing is one of the Union's most regular activities. We are ready to "
         "strengthen our cooperation with {country} in every field.",
         "Tecrübe paylaşımı Birliğimizin en düzenli faaliyetlerinden biridir. {country_tr} ile "
         "iş birliğimizi her alanda güçlendirmeye hazırız."),
        ("The Turkic world is one family. Every visit like this brings our cities closer "
         "together.",
         "Türk dünyası bir ailedir. Bu tür her ziyaret şehirlerimizi birbirine daha da "
         "yaklaştırıyor."),
        ("Our member municipalities have much experience in {topic}, and we will gladly share "
         "it.",
         "Üye belediyelerimizin {topic_tr} alanında paylaşacak çok tecrübesi var; bunu "
         "memnuniyetle paylaşacağız."),
    ],
    # the union visiting
    "home_guest": [
        ("The Union brings together more than a thousand municipalities of the Turkic world. "
         "We have come to build lasting ties.",
         "Birlik, Türk dünyasının binden fazla belediyesini bir araya getiriyor. Kalıcı bağlar "
         "kurmak için buradayız."),
        ("We are ready to bring our member municipalities' experience in {topic} to {host}.",
         "Üye belediyelerimizin {topic_tr} alanındaki tecrübelerini {host_tr} ile paylaşmaya "
         "hazırız."),
    ],
    # a municipality visiting
    "city_guest": [
        ("{city} has changed greatly in recent years: new roads, housing and parks have been "
         "built, and our historic centre draws more visitors every year.",
         "{city_tr} son yıllarda büyük bir değişim yaşadı: yeni yollar, konutlar ve parklar "
         "yapıldı; tarihi şehir merkezimiz her yıl daha fazla ziyaretçi çekiyor."),
        ("Sister-city ties with Turkish municipalities mean a great deal to the people of "
         "{city}.",
         "Türk belediyeleriyle kurulan kardeş şehir bağları {city_tr} halkı için çok değerli."),
    ],
    # anyone visiting
    "guest": [
        ("We thank our hosts for the invitation and the warm welcome. We want to benefit from "
         "their experience in {topic}.",
         "Davetleri ve sıcak karşılamaları için ev sahiplerimize teşekkür ediyoruz. "
         "{topic_tr} alanındaki tecrübelerinden yararlanmak istiyoruz."),
    ],
    # anyone receiving
    "host": [
        ("We are glad to welcome the delegation of {guest}.",
         "{guest_tr} heyetini ağırlamaktan memnuniyet duyuyoruz."),
        ("Our doors are always open to the people of {country}. Let us turn this friendship "
         "into concrete projects.",
         "Kapılarımız {country_tr} halkına her zaman açık. Bu dostluğu somut projelere "
         "dönüştürelim."),
        ("We want to work together on {topic}; our specialists are ready to share what they "
         "have learnt.",
         "{topic_tr} alanında birlikte çalışmak istiyoruz; uzmanlarımız tecrübelerini "
         "paylaşmaya hazır."),
    ],
    "reported_guest": [
        ("{speaker} thanked the hosts and invited them for a return visit.",
         "{speaker}, ev sahiplerine teşekkür ederek onları karşı ziyarete davet etti."),
    ],
    "reported_host": [
        ("{speaker} welcomed the delegation and wished the talks success.",
         "{speaker}, heyete hoş geldiniz diyerek görüşmelerin verimli geçmesini diledi."),
    ],
    "reported": [
        ("{speaker} said that the two sides would work together on {topic} and exchange staff "
         "for training.",
         "{speaker}, iki tarafın {topic_tr} alanında birlikte çalışacağını ve eğitim amacıyla "
         "personel değişimi yapılacağını söyledi."),
        ("{speaker} gave information about current investments and projects.",
         "{speaker}, güncel yatırımlar ve projeler hakkında bilgi verdi."),
        ("{speaker} stressed the importance of the common language, history and culture of "
         "the Turkic world.",
         "{speaker}, Türk dünyasının ortak dil, tarih ve kültürünün önemine vurgu yaptı."),
    ],
}  # fmt: skip
DECISIONS = [
    ("A training programme on {topic} will be organised for municipal staff from {city}.",
     "{city_tr} belediye personeline yönelik {topic_tr} konulu bir eğitim programı "
     "düzenlenecek."),
    ("A technical team will study {topic} on site and report back.",
     "{topic_tr} konusunu yerinde incelemek üzere bir teknik ekip görevlendirilecek ve rapor "
     "hazırlanacak."),
    ("A draft protocol will be prepared and sent to both sides.",
     "Bir protokol taslağı hazırlanarak iki tarafa gönderilecek."),
    ("A Turkic World Park will be laid out in {city}.",
     "{city_tr} şehrinde bir Türk Dünyası Parkı yapılacak."),
    ("Books on the Turkic world will be donated to schools in {city}.",
     "{city_tr} şehrindeki okullara Türk dünyası konulu kitaplar bağışlanacak."),
    ("A youth camp will be organised for students from both sides.",
     "İki tarafın öğrencileri için bir gençlik kampı düzenlenecek."),
    ("The sides will exchange information on {topic} every three months.",
     "Taraflar üç ayda bir {topic_tr} konusunda bilgi alışverişinde bulunacak."),
    ("A joint stand will be opened at the next tourism fair.",
     "Bir sonraki turizm fuarında ortak stant açılacak."),
]  # fmt: skip
GIFTS = {
    "TR": [("Hand-painted İznik tile panel", "El yapımı İznik çini pano", "artwork"),
           ("Calligraphy panel with a verse by Yunus Emre",
            "Yunus Emre'den bir dize içeren hat levhası", "artwork"),
           ("Silk Hereke carpet", "İpek Hereke halısı", "textile"),
           ("Book on Ottoman architecture", "Osmanlı mimarisi kitabı", "book"),
           ("Ebru (paper marbling) artwork", "Ebru sanatı eseri", "artwork"),
           ("Copper coffee set", "Bakır kahve takımı", "souvenir")],
    "AZ": [("Hand-woven Karabakh carpet", "El dokuması Karabağ halısı", "textile"),
           ("Engraved copper tray from Lahij", "Lahıç işi oymalı bakır tepsi", "artwork"),
           ("Kelaghayi silk headscarf", "Kelağayı ipek başörtüsü", "textile"),
           ("Book of Nizami Ganjavi's poems", "Nizami Gencevi'nin şiirlerinden bir kitap",
            "book")],
    "KZ": [("Felt tekemet carpet", "Keçe tekemet halı", "textile"),
           ("Dombra (folk instrument)", "Dombıra (halk çalgısı)", "souvenir"),
           ("Silver-decorated horse whip", "Gümüş işlemeli kamçı", "souvenir"),
           ("Book on the Great Steppe", "Büyük Bozkır kitabı", "book")],
    "KG": [("Shyrdak felt carpet", "Şırdak keçe halı", "textile"),
           ("Ak kalpak (white felt hat)", "Ak kalpak (beyaz keçe başlık)", "textile"),
           ("Komuz (folk instrument)", "Komuz (halk çalgısı)", "souvenir")],
    "UZ": [("Suzani embroidery", "Suzani işlemesi", "textile"),
           ("Rishtan ceramic plate", "Rişdan seramik tabak", "artwork"),
           ("Chapan (robe of honour)", "Çapan (onur kaftanı)", "textile"),
           ("Miniature painting of the Registan", "Registan minyatürü", "artwork")],
    "TM": [("Hand-woven Turkmen carpet", "El dokuması Türkmen halısı", "textile"),
           ("Akhal-Teke horse figurine", "Ahal-Teke atı figürü", "souvenir"),
           ("Book on Magtymguly Pyragy", "Mahtumkulu Firaki kitabı", "book")],
    "RU": [("Tatar embroidered kalfak", "Tatar işlemeli kalfak", "textile"),
           ("Book on the history of the Volga region", "İdil-Ural tarihi kitabı", "book"),
           ("Bashkir honey set", "Başkurt balı seti", "souvenir")],
    "MD": [("Gagauz embroidered towel", "Gagauz işlemeli havlu", "textile"),
           ("Book on Gagauz history", "Gagauz tarihi kitabı", "book")],
    "XN": [("Book on Turkish Cypriot heritage", "Kıbrıs Türk mirası kitabı", "book"),
           ("Hand-woven basket", "El örgüsü sepet", "souvenir")],
    "XK": [("Prizren filigree silverwork", "Prizren telkari gümüş işi", "artwork")],
    "BA": [("Engraved copper coffee set from Baščaršija",
            "Başçarşı işi oymalı bakır kahve takımı", "souvenir")],
    "MK": [("Book on Ottoman monuments of Skopje", "Üsküp'teki Osmanlı eserleri kitabı",
            "book")],
    "": [("Book on the organisation's history", "Teşkilat tarihi kitabı", "book"),
         ("Commemorative medal", "Hatıra madalyası", "souvenir")],
}  # fmt: skip
PLAQUES = [
    ("Plaque of appreciation", "Teşekkür plaketi"),
    ("Commemorative plaque of the visit", "Ziyaret hatıra plaketi"),
    ("Plaque of friendship", "Dostluk plaketi"),
]
AWARDS_HOME = [
    ("Turkish World Service Award of the Union", "Birliğin Türk Dünyasına Hizmet Ödülü"),
    ("Honorary membership certificate of the Union", "Birlik onursal üyelik beratı"),
]
AWARDS_CITY = [
    ("Honorary citizenship certificate", "Fahri hemşehrilik beratı"),
    ("Medal of friendship of the city", "Şehir dostluk madalyası"),
]


PUBLISHED_VISIT = {"held": 0.88, "planned": 0.7, "postponed": 0.4, "cancelled": 0.4}
PUBLISHED_PROTOCOL = {
    "signed": 0.92,
    "ended": 0.9,
    "planned": 0.7,
    "proposed": 0.3,
    "cancelled": 0.4,
}
BOARD_ITEMS = [
    ("Review of activities since the last meeting",
     "Son toplantıdan bu yana yapılan faaliyetlerin değerlendirilmesi"),
    ("Membership applications", "Üyelik başvuruları"),
    ("Training programmes for member municipalities",
     "Üye belediyelere yönelik eğitim programları"),
]  # fmt: skip
CANCELLED_NOTES = [
    "Not pursued after the local elections.",
    "The other side did not confirm the date.",
    "Replaced by a wider cooperation protocol.",
]
VISIT_NOTES = [
    "Hotel and transfers arranged by the Union.",
    "Interpreter requested from the consulate.",
    "Press release sent to the members' list.",
]


def _tr(name, pair):
    """The English and Turkish fields of a translated text: name_en, name_tr."""
    return {f"{name}_en": pair[0], f"{name}_tr": pair[1]}


# --- Plans ---------------------------------------------------------------------------


@dataclass(eq=False)
class ProtocolPlan:
    protocol: Protocol
    parties: tuple  # the two slugs
    day: dt.date  # when it was made, so that only later records refer to it
    fields: list
    signatories: list  # PostSpec
    instance: Protocol | None = None  # the row, once saved or found
    skipped: bool = False  # another open protocol of its kind joins the pair


@dataclass(eq=False)
class MeetingPlan:
    meeting: Meeting
    participants: list = field(default_factory=list)
    agenda: list = field(default_factory=list)  # (AgendaItem, ProtocolPlan | None)
    statements: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    gifts: list = field(default_factory=list)
    signed: list = field(default_factory=list)  # ProtocolPlan
    people: set = field(default_factory=set)

    def add(self, post, side, org):
        """Add a participant once, with the title of the post held that day."""
        if post is None or post.person in self.people:
            return
        self.people.add(post.person)
        self.participants.append(
            MeetingParticipant(
                meeting=self.meeting, person=post.person.instance, side=side, organization=org,
                title_en=post.title_en, title_tr=post.title_tr, order=len(self.participants) + 1,
            )
        )  # fmt: skip

    def side(self, side):
        return [p for p in self.participants if p.side == side]

    def item(self, kind, title, description=("", ""), protocol=None, first=False, **fields):
        """Put an item on the agenda; `protocol` (a ProtocolPlan) is linked once saved."""
        item = AgendaItem(
            meeting=self.meeting, kind=kind, **_tr("title", title),
            **_tr("description", description), **fields,
        )  # fmt: skip
        self.agenda.insert(0 if first else len(self.agenda), (item, protocol))


@dataclass(eq=False)
class VisitPlan:
    direction: str
    guest: str
    host: str
    members: list  # (PostSpec, role), the head first
    status: str
    topics: tuple  # two (English, Turkish) topics
    visit: Visit | None = None
    delegation: list = field(default_factory=list)
    meetings: list = field(default_factory=list)

    @property
    def held(self):
        return self.status == Visit.Status.HELD


class _Generator:
    """Plans the whole set in memory, then writes what the database does not have yet."""

    def __init__(self, home, stdout=None):
        self.home = home
        self.stdout = stdout
        self.rng = random.Random(SEED)
        self.created = Counter()
        self.specs = {s.slug: s for s in _orgs()}
        self.specs[HOME] = OrgSpec(
            HOME, K.UNION, home.name_en or home.name, home.name_tr or home.name_en or home.name,
            country="TR", city=("Istanbul", "İstanbul"), short=home.short_name,
        )  # fmt: skip
        self.orgs = {}  # slug -> Organization
        self.slug_of = {}  # Organization pk -> slug
        self.member_since = {}
        self.people = []  # PersonSpec
        self.names_used = set()
        self.surname_uses = Counter()
        self.by_role = defaultdict(list)  # (organisation slug, role) -> [PostSpec]
        self.fields = list(CooperationField.objects.order_by("slug"))
        self.events = {}
        self.projects = {}
        # What earlier slots have planned.
        self.open_protocols = {}  # (kind, frozenset of slugs) -> ProtocolPlan
        self.by_pair = defaultdict(list)  # frozenset of slugs -> [ProtocolPlan]
        self.protocols = []
        self.protocol_titles = set()
        self.visit_slugs = set()
        self.board_keys = set()
        self.visits = []
        self.boards = []

    def say(self, text):
        if self.stdout is not None:
            self.stdout.write(text + "\n")

    # --- the directory --------------------------------------------------------------

    def build_directory(self):
        """Membership dates, people and their posts: the same whatever the count."""
        rng = self.rng
        for slug, spec in self.specs.items():
            if spec.member:
                day = dt.date(rng.randrange(2004, 2023), 1, 1) + dt.timedelta(rng.randrange(365))
                self.member_since[slug] = dt.date(2022, 3, 15) if slug == "shusha" else day
        self.build_union_posts()
        for slug, spec in self.specs.items():
            if slug != HOME:
                self.build_posts(slug, spec)
        # Second posts: the Marmara union's president is the mayor of Bursa; seats on the
        # union's board and its vice-presidencies go with mayoralties.
        for mayoralty in self.by_role[("bursa-metropolitan-municipality", "head")]:
            self.post(mayoralty.person, "marmara-municipalities-union", "head", mayoralty.start,
                      mayoralty.end)  # fmt: skip
        for role, slugs, title in (
            ("board", BOARD, ("Member of the Executive Board", "Encümen Üyesi")),
            ("vp", VICE_PRESIDENTS, ("Vice President", "Başkan Yardımcısı")),
        ):
            for slug in slugs:
                for mayoralty in self.by_role[(slug, "head")]:
                    start = max(mayoralty.start, dt.date(2014, 6, 10))
                    if mayoralty.end is None or mayoralty.end >= start:
                        self.post(mayoralty.person, HOME, role, start, mayoralty.end, title, slug)

    def person(self, culture):
        """A made-up person of a culture, with a local name in Cyrillic where it is used."""
        rng = self.rng
        if culture == "intl":
            culture = rng.choice(["kz", "kg", "az", "uz", "tr"])
        males, females, surnames = NAMES[culture]
        used, uses = self.names_used, self.surname_uses
        while True:
            female = rng.random() < 0.3
            first = rng.choice(females if female else males)
            fewest = min(uses[s] for s in surnames)  # spread the surnames evenly
            surname = rng.choice([s for s in surnames if uses[s] == fewest])
            first, first_local = first if isinstance(first, tuple) else (first, "")
            last, last_local = surname if isinstance(surname, tuple) else (surname, "")
            if culture not in CYRILLIC_CULTURES and last_local:  # (male, female) forms
                last, last_local = (last_local if female else last), ""
            elif female and culture in {"kz", "kg", "tt", "ba"}:
                last, last_local = last + "a", last_local + "а"
            elif female and culture == "mk":
                last, last_local = last[:-1] + "a", last_local[:-1] + "а"
            name = f"{first} {last}"
            if name not in used:
                break
        used.add(name)
        uses[surname] += 1
        local = f"{first_local} {last_local}" if first_local and last_local else ""
        other = _english_spelling(name, local, culture)
        spec = PersonSpec(name, local, "" if other == name else other, culture)
        self.people.append(spec)
        return spec

    def post(self, person, slug, role, start, end=None, title=None, municipality=""):
        title_en, title_tr = title or _titles(self.specs[slug], role)
        post = PostSpec(person, slug, role, title_en, title_tr, start, end, municipality)
        self.by_role[(slug, role)].append(post)
        return post

    def timeline(self, slug, role, start, changes, culture, first=None):
        """People holding one post one after the other."""
        bounds = [start, *sorted(changes)]
        for n, begin in enumerate(bounds):
            end = bounds[n + 1] - dt.timedelta(days=1) if n + 1 < len(bounds) else None
            holder = first if (n == 0 and first) else self.person(culture)
            self.post(holder, slug, role, begin, end)

    def build_union_posts(self):
        """The union's people. Its president is also a metropolitan mayor."""
        self.president, self.former_president = self.person("tr"), self.person("tr")
        post = self.post
        president = ("President", "Başkan")
        deputy = ("Deputy Secretary General", "Genel Sekreter Yardımcısı")
        post(self.former_president, HOME, "head", dt.date(2014, 6, 10),
             TDBB_CONGRESS - dt.timedelta(days=1), president)  # fmt: skip
        post(self.president, HOME, "head", TDBB_CONGRESS, None, president)
        post(self.person("tr"), HOME, "deputy", dt.date(2016, 1, 4), dt.date(2022, 8, 31), deputy)
        post(self.person("tr"), HOME, "deputy", dt.date(2022, 9, 1), None, deputy)
        for role, start, culture, title in (
            ("staff", dt.date(2017, 3, 1), "tr",
             ("Head of Foreign Relations", "Dış İlişkiler Müdürü")),
            ("interpreter", dt.date(2018, 1, 15), "tr",
             ("Interpreter (Russian)", "Tercüman (Rusça)")),
            ("interpreter", dt.date(2021, 2, 1), "kz",
             ("Interpreter (Kazakh and Russian)", "Tercüman (Kazakça ve Rusça)")),
            ("press", dt.date(2019, 9, 2), "tr", ("Press Officer", "Basın Müşaviri")),
            ("protocol", dt.date(2018, 5, 7), "tr", ("Protocol Officer", "Protokol Sorumlusu")),
        ):  # fmt: skip
            post(self.person(culture), HOME, role, start, None, title)

    def build_posts(self, slug, spec):
        """Heads, deputies and staff of an organisation, changing over the years."""
        rng = self.rng

        def day_between(start, end):
            return start + dt.timedelta(days=rng.randrange((end - start).days))

        first = None
        if spec.country == "TR" and spec.is_municipal:  # mayors change at local elections
            start = dt.date(2014, 4, 8)
            changes = [
                day for day, p in zip(ELECTIONS_TR, (0.45, 0.5), strict=True) if rng.random() < p
            ]
            if slug == PRESIDENT_CITY:
                start, changes, first = dt.date(2016, 9, 5), [], self.president
            elif slug == FORMER_PRESIDENT_CITY:
                changes, first = sorted({ELECTIONS_TR[0], *changes}), self.former_president
        elif spec.kind in {K.EMBASSY, K.INTERNATIONAL}:  # terms of three to four years
            start = day_between(dt.date(2014, 6, 1), dt.date(2016, 12, 1))
            changes, day = [], start
            while (day := day + dt.timedelta(days=rng.randrange(1100, 1600))) <= AS_OF:
                changes.append(day)
        else:
            start = day_between(dt.date(2012, 1, 1), dt.date(2016, 12, 1))
            changes = [
                day_between(dt.date(2019, 2, 1), dt.date(2026, 6, 1))
                for _ in range(rng.choice((0, 1, 1, 2)))
            ]
        self.timeline(slug, "head", start, changes, spec.culture, first)
        # Skopje's deputies come from its Turkish community.
        culture = "tr" if slug == "city-of-skopje" else spec.culture
        for _n in range(2 if spec.is_municipal and rng.random() < 0.6 else 1):
            change = [day_between(dt.date(2019, 6, 1), dt.date(2025, 12, 1))]
            start = day_between(dt.date(2015, 1, 1), dt.date(2019, 1, 1))
            self.timeline(slug, "deputy", start, change if rng.random() < 0.4 else [], culture)
        change = [day_between(dt.date(2020, 1, 1), dt.date(2025, 1, 1))]
        start = day_between(dt.date(2014, 1, 1), dt.date(2019, 1, 1))
        self.timeline(slug, "staff", start, change if rng.random() < 0.3 else [], culture)

    def sync_directory(self):
        """Create what is missing of the organisations, people, posts, events, projects."""
        self.sync_organizations()
        self.sync_people()
        self.sync_events_and_projects()

    def sync_organizations(self):
        specs = [s for s in self.specs.values() if s.slug != HOME]
        existing = {o.slug: o for o in Organization.objects.filter(slug__in=self.specs)}
        self.orgs[HOME] = self.home
        for generation in ([s for s in specs if not s.parent], [s for s in specs if s.parent]):
            new = []
            for spec in generation:
                org = existing.get(spec.slug)
                if org is None:
                    org = Organization(
                        kind=spec.kind, **_tr("name", (spec.name_en, spec.name_tr)),
                        short_name=spec.short, local_name=spec.local, other_names=spec.other,
                        slug=spec.slug, country=spec.country, region=spec.region,
                        parent=self.orgs.get(spec.parent), website=spec.website,
                        **_tr("description", spec.description),
                        population=spec.population[0] if spec.population else None,
                        population_year=spec.population[1] if spec.population else None,
                        is_member=spec.member, member_since=self.member_since.get(spec.slug),
                    )  # fmt: skip
                    org.refresh_search_key()
                    new.append(org)
                self.orgs[spec.slug] = org
            self.create(Organization, new)
        self.slug_of = {org.pk: slug for slug, org in self.orgs.items()}
        have = set(
            Highlight.objects.filter(organization__in=self.orgs.values()).values_list(
                "organization_id", "text_en"
            )
        )
        self.create(Highlight, [
            Highlight(organization=self.orgs[spec.slug], **_tr("text", (text_en, text_tr)),
                      year=year, order=order)
            for spec in specs
            for order, (text_en, text_tr, year) in enumerate(spec.highlights, start=1)
            if (self.orgs[spec.slug].pk, text_en) not in have
        ])  # fmt: skip

    def sync_people(self):
        existing = {
            p.name: p for p in Person.objects.filter(name__in=[p.name for p in self.people])
        }
        new = []
        for spec in self.people:
            spec.instance = existing.get(spec.name)
            if spec.instance is None:
                spec.instance = Person(
                    name=spec.name, local_name=spec.local, other_names=spec.other
                )
                spec.instance.refresh_search_key()
                new.append(spec.instance)
        self.create(Person, new)
        have = set(
            Post.objects.filter(person__in=[p.instance for p in self.people]).values_list(
                "person_id", "organization_id", "title_en", "start_date"
            )
        )
        posts = [post for posts in self.by_role.values() for post in posts]
        self.create(Post, [
            Post(person=p.person.instance, organization=self.orgs[p.org],
                 **_tr("title", (p.title_en, p.title_tr)), start_date=p.start, end_date=p.end)
            for p in posts
            if (p.person.instance.pk, self.orgs[p.org].pk, p.title_en, p.start) not in have
        ])  # fmt: skip

    def sync_events_and_projects(self):
        existing = {e.slug: e for e in Event.objects.filter(slug__in=[e.slug for e in EVENTS])}
        new = []
        for e in EVENTS:
            event = existing.get(e.slug)
            if event is None:
                event = Event(
                    slug=e.slug, kind=e.kind, **_tr("name", (e.name_en, e.name_tr)),
                    organizer=self.orgs[e.organizer], **_tr("city", e.city), country=e.country,
                    start_date=normalise(e.start, e.precision), start_date_precision=e.precision,
                    end_date=e.end,
                )  # fmt: skip
                event.refresh_search_key()
                new.append(event)
            self.events[e.slug] = event
        self.create(Event, new)

        existing = {p.slug: p for p in Project.objects.filter(slug__in=[p.slug for p in PROJECTS])}
        new = []
        for p in PROJECTS:
            project = existing.get(p.slug)
            if project is None:
                project = Project(
                    slug=p.slug, **_tr("name", (p.name_en, p.name_tr)),
                    **_tr("description", p.description), status=p.status, start_date=p.start,
                    end_date=p.end,
                )  # fmt: skip
                project.refresh_search_key()
                new.append(project)
            self.projects[p.slug] = project
        self.create(Project, new)
        have = set(
            ProjectPartner.objects.filter(project__in=self.projects.values()).values_list(
                "project_id", "organization_id"
            )
        )
        self.create(ProjectPartner, [
            ProjectPartner(project=self.projects[p.slug], organization=self.orgs[org], role=role)
            for p in PROJECTS
            for org, role in p.partners
            if (self.projects[p.slug].pk, self.orgs[org].pk) not in have
        ])  # fmt: skip

    def create(self, model, objects, name=None):
        model.objects.bulk_create(objects, batch_size=2000)
        self.created[name or model.__name__] += len(objects)

    # --- look-ups while planning ------------------------------------------------------

    def holders(self, slug, role, day):
        return [p for p in self.by_role[(slug, role)] if p.held_on(day)]

    def head(self, slug, day):
        found = self.holders(slug, "head", day)
        return found[0] if found else None

    def team(self, slug, day, roles=("deputy", "staff")):
        return [p for role in roles for p in self.holders(slug, role, day)]

    def names(self, slug):
        return self.specs[slug].name_en, self.specs[slug].name_tr

    def city(self, slug):
        return self.specs[slug].city

    def slug(self, org):
        return self.slug_of[org.pk]

    def slugs(self, test):
        return [s for s, spec in self.specs.items() if s != HOME and test(spec)]

    def pick(self, slugs):
        return self.rng.choice(sorted(slugs))

    def random_day(self, start=FIRST_DAY, end=LAST_DAY):
        rng = self.rng
        while True:
            day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
            if COVID[0] <= day <= COVID[1] and rng.random() < 0.75:
                continue  # few visits during the pandemic
            if day.weekday() == 6:
                day += dt.timedelta(days=1)
            return min(day, end)

    # --- protocols ----------------------------------------------------------------------

    def open_between(self, a, b, day):
        return [
            p
            for p in self.by_pair[frozenset((a, b))]
            if p.protocol.status in Protocol.OPEN_STATUSES and p.day <= day
        ]

    def protocol_outcome(self, day, mode):
        """(status, planned date, its precision, signed date) of a protocol made at `day`."""
        rng = self.rng
        if mode == "ceremony":
            return ("signed", None, "day", day) if day <= AS_OF else ("planned", day, "day", None)
        target = day + dt.timedelta(days=rng.randrange(30, 240)) if mode == "discussed" else day
        if target > AS_OF:
            weights = (0, 80, 20, 0)
        elif target > AS_OF - dt.timedelta(days=730):
            weights = (50, 25, 15, 10)
        else:
            weights = (80, 0, 0, 20)
        outcome = rng.choices(("signed", "planned", "proposed", "cancelled"), weights)[0]
        precision = rng.choice(("month", "month", "day"))
        if outcome == "signed":
            if target < AS_OF - dt.timedelta(days=4 * 365) and rng.random() < 0.2:
                return "ended", None, "day", target
            return "signed", None, "day", target
        if outcome == "planned":  # not signed yet: planned for the coming months
            return (
                "planned",
                max(target, AS_OF + dt.timedelta(rng.randrange(20, 150))),
                precision,
                None,
            )
        if outcome == "cancelled":
            return "cancelled", target, "month", None
        return "proposed", None, "day", None

    def new_protocol(self, a, b, day, mode, coordinator=None):
        """A protocol between a and b, made at `day`; None when one of its kind is open.

        mode "ceremony": signed on `day` (planned for it, if that is after AS_OF);
        "discussed": talked about on `day`, signed or planned later; "loose": about `day`.
        """
        rng = self.rng
        municipal = self.specs[a].is_municipal and self.specs[b].is_municipal
        if municipal:
            kind = rng.choices(list(PROTOCOL_KINDS), (40, 25, 25, 10))[0]
        else:
            kind = rng.choice(("cooperation", "memorandum"))
        key = (kind, frozenset((a, b)))
        if a == b or key in self.open_protocols:
            return None
        status, planned, precision, signed = self.protocol_outcome(day, mode)
        (a_en, a_tr), (b_en, b_tr) = self.names(a), self.names(b)
        kind_en, kind_tr = PROTOCOL_KINDS[kind]
        title = (f"{kind_en} between {_the(a_en)} and {_the(b_en)}",
                 f"{a_tr} ile {b_tr} arasında {kind_tr}")  # fmt: skip
        n, base = 1, title
        while title[0] in self.protocol_titles:
            n += 1
            year = (signed or planned or day).year
            suffix = f" ({year})" if n == 2 else f" ({year}, {n - 1})"
            title = (base[0] + suffix, base[1] + suffix)
        self.protocol_titles.add(title[0])
        fields = sorted(rng.sample(self.fields, min(len(self.fields), rng.randint(2, 5))),
                        key=lambda f: f.order)  # fmt: skip
        summary = ("", "")
        if fields:
            summary = (
                f"{kind_en} covering " + _listing((f.name_en.lower() for f in fields), "and") + ".",
                _upper_tr(_listing((f.name_tr.lower() for f in fields),
                                   "ile" if len(fields) == 2 else "ve")
                          + f" alanlarını kapsayan {kind_tr}."),
            )  # fmt: skip
        notes = ""
        if status == "cancelled":
            notes = rng.choice(CANCELLED_NOTES)
        elif status == "ended":
            notes = "Ended by mutual agreement after its term."
        protocol = Protocol(
            kind=kind, status=status, party_a=self.orgs[a], party_b=self.orgs[b],
            coordinator=self.orgs[coordinator] if coordinator else None,
            **_tr("title", title), **_tr("summary", summary),
            planned_date=normalise(planned, precision), planned_date_precision=precision,
            signed_date=signed,
            **_tr("signed_place", rng.choice((self.city(a), self.city(b))) if signed else ("", "")),
            notes=notes, is_published=rng.random() < PUBLISHED_PROTOCOL[status],
        )  # fmt: skip
        signatories = []
        if signed:
            for slug in (a, b, *([coordinator] if coordinator and rng.random() < 0.4 else [])):
                post = self.head(slug, signed)
                if post and post.person not in {s.person for s in signatories}:
                    signatories.append(post)
        plan = ProtocolPlan(protocol, (a, b), day, fields, signatories)
        self.protocols.append(plan)
        self.by_pair[frozenset((a, b))].append(plan)
        if status in Protocol.OPEN_STATUSES:
            self.open_protocols[key] = plan
        return plan

    def plan_loose_protocol(self):
        """A protocol no visit here records: proposed, planned, signed elsewhere, ended…"""
        rng = self.rng
        day = self.random_day(dt.date(2017, 1, 1), LAST_DAY)
        turkish = self.slugs(lambda s: s.country == "TR" and s.is_municipal)
        foreign = self.slugs(lambda s: s.country != "TR" and s.is_municipal)
        others = self.slugs(lambda s: s.kind in {K.INTERNATIONAL, K.FOUNDATION, K.REGIONAL,
                                                 K.UNION, K.MINISTRY})  # fmt: skip
        r = rng.random()
        if r < 0.5:
            a, b = self.pick(turkish), self.pick(foreign)
            coordinator = HOME if rng.random() < 0.7 else None
        elif r < 0.7:
            a, b = self.pick(foreign), self.pick(foreign)
            if self.specs[a].country == self.specs[b].country:
                return
            coordinator = HOME if rng.random() < 0.5 else None
        else:
            a, b, coordinator = HOME, self.pick(others), None
        self.new_protocol(a, b, day, "loose", coordinator)

    # --- visits ---------------------------------------------------------------------------

    def plan_visit(self):
        rng = self.rng
        direction = rng.choices(("in", "out", "between"), (45, 37, 18))[0]
        event = None
        if rng.random() < 0.22:
            event = rng.choice(
                [e for e in EVENTS if (direction == "in") == (e.city[0] == "Istanbul")]
            )
        if event:
            start = event.start + dt.timedelta(
                rng.randrange((event.last_day - event.start).days + 1)
            )
        else:
            start = self.random_day()
        guest, host = self.pick_parties(direction, event, start)
        if guest is None:
            return
        board = direction == "out" and rng.random() < 0.35 and self.city(host)[0] != "Istanbul"
        members = self.delegation(guest, host, start, direction, board)
        if not members:
            return
        stops = self.stops(direction, guest, host, board, start)
        last_day = start + dt.timedelta(max(offset for *_x, offset in stops))
        if last_day > AS_OF:
            status = "planned" if rng.random() < 0.9 else "postponed"
        else:
            status = rng.choices(("held", "postponed", "cancelled"), (92, 4, 4))[0]
        if status in {"postponed", "cancelled"}:
            stops = stops[:1]
        last = max(offset for *_x, offset in stops)
        plan = VisitPlan(direction, guest, host, members, status, tuple(rng.sample(TOPICS, 2)))

        protocol, signing, discussed = self.visit_protocol(plan, start, last)
        if signing:
            sign_host = host
            partner = next(s for s in protocol.parties if s != guest)
            if direction == "in" and self.city(partner)[0] == "Istanbul" and rng.random() < 0.5:
                sign_host = partner
            place = self.city(sign_host) if protocol.protocol.signed_date else ("", "")
            protocol.protocol.signed_place_en, protocol.protocol.signed_place_tr = place
            stops = [*stops[:3], (sign_host, "signing", last)]

        plan.visit = self.visit_record(
            plan, event, board, start, last, protocol if signing else None
        )
        plan.delegation = [
            DelegationMember(
                visit=plan.visit, person=post.person.instance, role=role,
                organization=self.orgs[post.org], **_tr("title", (post.title_en, post.title_tr)),
                order=n,
            )
            for n, (post, role) in enumerate(members, start=1)
        ]  # fmt: skip
        ends = {}  # day offset -> when the last meeting of that day ends, in minutes
        for n, (stop, kind, offset) in enumerate(stops):
            begin = ends.get(offset, rng.choice((9, 10, 10, 11)) * 60 + rng.choice((0, 30)))
            length = rng.choice((45, 60, 60, 90, 120))
            ends[offset] = begin + length + rng.choice((15, 30, 60))
            m = self.meeting(plan, stop, kind, start + dt.timedelta(offset), begin, length, n == 0)
            plan.meetings.append(m)
            if kind == "signing":
                self.signing(plan, m, protocol)
        if discussed:
            self.protocol_item(plan.meetings[0], protocol, discussed)
        gift_meetings = [
            m for m in plan.meetings if m.meeting.kind not in {"signing", "site_visit"}
        ]
        if plan.held and gift_meetings and rng.random() < 0.75:
            self.gifts(gift_meetings[-1], guest)
        for m in plan.meetings:
            if m.gifts:
                m.item("ceremony", ("Exchange of gifts and family photo",
                                    "Hediye takdimi ve aile fotoğrafı"))  # fmt: skip
            for order, (item, _protocol) in enumerate(m.agenda, start=1):
                item.order = order
        self.visits.append(plan)

    def pick_parties(self, direction, event, day):
        """(guest, host) of a visit, or (None, None) when no fitting pair is found."""
        rng = self.rng
        president = self.head(HOME, day).person

        def usable(slug):  # someone heads it that day, and it is not the union's president
            head = self.head(slug, day)
            return slug == HOME or (head is not None and head.person is not president)

        def weighted(groups):
            groups = [(slugs, w) for slugs, w in groups if slugs]
            return self.pick(rng.choices([g for g, _w in groups], [w for _g, w in groups])[0])

        foreign = self.slugs(lambda s: s.is_municipal and s.country != "TR")
        turkish = self.slugs(lambda s: s.is_municipal and s.country == "TR")
        embassies = self.slugs(lambda s: s.kind == K.EMBASSY)
        international = self.slugs(lambda s: s.kind == K.INTERNATIONAL)
        regional = self.slugs(lambda s: s.kind == K.REGIONAL)
        ministries = self.slugs(lambda s: s.kind == K.MINISTRY)
        tr_ministries = [s for s in ministries if self.specs[s].country == "TR"]
        foundations = self.slugs(lambda s: s.kind in {K.FOUNDATION, K.UNION})
        there = []
        if event:
            there = self.slugs(lambda s: s.city[0] == event.city[0])
            there = [s for s in there if self.specs[s].is_municipal] or there
        for _attempt in range(20):
            if direction == "in":
                guest, host = None, HOME
                if event:
                    guest = weighted([(foreign, 70), (regional, 15), (international, 15)])
                else:
                    guest = weighted([(foreign, 55), (turkish, 12), (embassies, 10),
                                      (international, 8), (regional, 7), (ministries, 4),
                                      (foundations, 4)])  # fmt: skip
            elif direction == "out":
                guest = HOME
                if there:
                    host = self.pick(there)
                else:
                    host = weighted([(foreign, 55), (regional, 10), (international, 10),
                                     (tr_ministries, 10), (turkish, 10),
                                     (embassies, 5)])  # fmt: skip
            elif there:
                guest, host = self.pick(foreign + turkish), self.pick(there)
            elif rng.random() < 0.45:
                guest, host = self.pick(turkish), self.pick(foreign)
            elif rng.random() < 0.65:
                guest, host = self.pick(foreign), self.pick(turkish)
            else:
                guest, host = self.pick(embassies + regional + international), self.pick(turkish)
            if guest == host or not (usable(guest) and usable(host)):
                continue
            if direction == "between" and self.city(guest)[0] == self.city(host)[0]:
                continue
            return guest, host
        return None, None

    def delegation(self, guest, host, day, direction, board):
        """[(post, role)], the head first: whose posts give the titles of the day."""
        rng = self.rng
        members = []

        def add(post, role):
            if post is not None and post.person not in {p.person for p, _r in members}:
                members.append((post, role))

        if guest == HOME:
            deputies = self.holders(HOME, "deputy", day)
            if board or rng.random() < 0.6 or not deputies:
                add(self.head(HOME, day), "head")
                if deputies and rng.random() < 0.5:
                    add(deputies[0], "deputy_head")
            else:
                add(deputies[0], "head")
            if board:  # mayors who sit on the union's board, with their mayoral titles
                seats = self.holders(HOME, "board", day) + self.holders(HOME, "vp", day)
                rng.shuffle(seats)
                for seat in seats[: rng.randint(2, 5)]:
                    if seat.municipality != host:
                        add(self.head(seat.municipality, day), "member")
            for post in self.holders(HOME, "staff", day):
                if rng.random() < 0.7:
                    add(post, "member")
            interpreters = self.holders(HOME, "interpreter", day)
            if interpreters and self.specs[host].located_in in {"KZ", "KG", "UZ", "TM", "RU", "MD"}:
                add(rng.choice(interpreters), "interpreter")
            for role in ("press", "protocol"):
                for post in self.holders(HOME, role, day):
                    if rng.random() < 0.35:
                        add(post, role)
        else:
            deputies = self.holders(guest, "deputy", day)
            if deputies and rng.random() < 0.3:
                add(rng.choice(deputies), "head")
            else:
                add(self.head(guest, day), "head")
            for post in self.team(guest, day):
                if rng.random() < 0.5:
                    roles = ("member", "member", "deputy_head", "advisor")
                    add(post, rng.choice(roles) if post.role == "deputy" else "member")
            # In Türkiye, a foreign delegation often comes with its embassy or consulate.
            spec = self.specs[guest]
            in_turkiye = direction == "in" or self.specs[host].located_in == "TR"
            escorted = in_turkiye and spec.country in ESCORTS and spec.kind != K.EMBASSY
            if escorted and rng.random() < 0.35:
                escort = self.pick(ESCORTS[spec.country])
                options = self.team(escort, day, ("head", "deputy", "staff"))
                if options:
                    add(rng.choice(options), "advisor")
        if not members or members[0][1] != "head":
            return []
        roles = [role for _post, role in members]
        if roles.count("deputy_head") > 1:  # one deputy head; the others are members
            first = roles.index("deputy_head")
            members = [(p, "member" if r == "deputy_head" and n > first else r)
                       for n, (p, r) in enumerate(members)]  # fmt: skip
        return members

    def stops(self, direction, guest, host, board, day):
        """[(host slug, meeting kind, day offset)] of a visit's meetings, at most four."""
        rng = self.rng
        stops = []
        if direction == "in":
            stops.append((HOME, rng.choice(("courtesy", "courtesy", "working", "presentation")), 0))
            if rng.random() < 0.45:  # then to a member or another body in Istanbul
                kinds = {*MUNICIPAL, K.INTERNATIONAL, K.FOUNDATION, K.UNION}
                options = self.slugs(lambda s: s.city[0] == "Istanbul" and s.kind in kinds)
                options = [s for s in options if s != guest and self.head(s, day)]
                if options:
                    offset = rng.choice((0, 0, 1))
                    stops.append((self.pick(options), rng.choice(("courtesy", "working")), offset))
            if rng.random() < 0.2:
                kind = rng.choice(("reception", "site_visit"))
                stops.append((rng.choice((ISTANBUL, HOME)), kind, stops[-1][2]))
        elif direction == "out":
            # A minister or a regional government in the morning, the mayor the same day…
            co_hosts = [s for s in CO_HOSTS.get(host, []) if self.head(s, day)]
            if co_hosts and (board or rng.random() < 0.5):
                stops.append((self.pick(co_hosts), rng.choice(("courtesy", "working")), 0))
            stops.append((host, rng.choice(("courtesy", "working", "working")), 0))
            # … and another city of the country the next day.
            tour = [s for s in TOURS.get(host, []) if self.head(s, day)]
            if tour and rng.random() < (0.6 if board else 0.3):
                stops.append((self.pick(tour), rng.choice(("courtesy", "working")), 1))
            if rng.random() < 0.35:
                kind = rng.choice(("site_visit", "reception", "press"))
                stops.append((host, kind, stops[-1][2]))
        else:
            stops.append((host, rng.choice(("courtesy", "working")), 0))
            if rng.random() < 0.3:
                stops.append((host, "site_visit", rng.choice((0, 1))))
        return stops[:4]

    def visit_protocol(self, plan, start, last):
        """The protocol a visit signs or discusses: (ProtocolPlan or None, signing, discussed);
        `discussed` is "open" for one made earlier, "new" for one this visit proposes."""
        rng = self.rng
        if rng.random() >= 0.4:
            return None, False, None
        a, b, coordinator = self.protocol_parties(plan)
        if not (a and b):
            return None, False, None
        open_ones = self.open_between(a, b, start)
        if open_ones and rng.random() < 0.6:
            return rng.choice(open_ones), False, "open"
        signing = plan.status in {"held", "planned"} and rng.random() < 0.5
        mode = "ceremony" if signing else "discussed"
        protocol = self.new_protocol(a, b, start + dt.timedelta(last), mode, coordinator)
        if protocol is None:
            return None, False, None
        return protocol, signing, None if signing else "new"

    def protocol_parties(self, plan):
        """(a, b, coordinator) of a protocol a visit may lead to; (None, None, None) if none."""
        rng = self.rng
        guest, host = plan.guest, plan.host
        g, h = self.specs[guest], self.specs[host]
        turkish = self.slugs(lambda s: s.is_municipal and s.country == "TR")
        in_istanbul = [s for s in turkish if self.city(s)[0] == "Istanbul"]
        if plan.direction == "in":
            if g.is_municipal and g.country != "TR":  # with a member, the union coordinating
                return guest, self.pick(in_istanbul if rng.random() < 0.7 else turkish), HOME
            if g.kind in {K.INTERNATIONAL, K.FOUNDATION, K.REGIONAL, K.UNION}:
                return HOME, guest, None
        elif plan.direction == "out":
            if h.is_municipal and h.country != "TR":
                mayors = [p.org for p, _r in plan.members
                          if p.org != HOME and self.specs[p.org].country == "TR"]  # fmt: skip
                if mayors and rng.random() < 0.7:
                    return self.pick(mayors), host, HOME
                if rng.random() < 0.4:
                    return HOME, host, None
                return self.pick(turkish), host, HOME
            if h.kind in {K.INTERNATIONAL, K.FOUNDATION, K.REGIONAL, K.MINISTRY}:
                return HOME, host, None
        elif g.is_municipal and h.is_municipal:
            return guest, host, HOME if rng.random() < 0.5 else None
        return None, None, None

    def visit_record(self, plan, event, board, start, last, signed):
        """The Visit row: title, slug, texts and flags."""
        rng = self.rng
        guest, host = plan.guest, plan.host
        (g_en, g_tr), (h_en, h_tr) = self.names(guest), self.names(host)
        city = event.city if event else self.city(host)
        head = plan.members[0][0]
        title = self.visit_title(plan, event, board, head, city)
        slug = base = slugify(fold(title[0]))[:72].strip("-")
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
        host_head = self.head(host, day)
        m.add(host_head, "host", self.orgs[host])
        president = self.head(HOME, day)
        m.add(president, "guest", self.orgs[HOME])
        seats = self.holders(HOME, "vp", day) + self.holders(HOME, "board", day)
        rng.shuffle(seats)
        for seat in seats[: rng.randint(5, 9)]:
            m.add(self.head(seat.municipality, day), "guest", self.orgs[seat.municipality])
        for post in self.holders(HOME, "deputy", day):
            m.add(post, "other", self.orgs[HOME])
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

    # --- the slots, then the writing ------------------------------------------------------

    def plan(self, count):
        for index in range(count):
            self.plan_visit()
            if self.rng.random() < 0.14:
                self.plan_loose_protocol()
            if index % 15 == 3:
                self.plan_board()

    def persist(self):
        self.persist_protocols()
        have = set(Visit.objects.filter(slug__in=self.visit_slugs).values_list("slug", flat=True))
        visits = [p for p in self.visits if p.visit.slug not in have]
        for p in visits:
            p.visit.refresh_search_key()
        self.create(Visit, [p.visit for p in visits])
        members = []
        for p in visits:
            for member in p.delegation:
                member.visit = p.visit  # its id, now that the visit is saved
                members.append(member)
        self.create(DelegationMember, members)

        have = set(
            Meeting.objects.filter(visit__isnull=True, convened_by=self.home).values_list(
                "title_en", "date"
            )
        )
        boards = [m for m in self.boards if (m.meeting.title_en, m.meeting.date) not in have]
        meetings = [m for p in visits for m in p.meetings] + boards
        for m in meetings:
            if m.meeting.visit is not None:
                m.meeting.visit = m.meeting.visit
            m.meeting.refresh_search_key()
        self.create(Meeting, [m.meeting for m in meetings])

        rows = defaultdict(list)
        signed = Meeting.signed_protocols.through
        for m in meetings:
            for item, protocol in m.agenda:
                if protocol is not None and not protocol.skipped:
                    item.protocol = protocol.instance
                elif protocol is not None:
                    item.kind = "topic"
                rows[AgendaItem].append(item)
            for model, objects in (
                (MeetingParticipant, m.participants),
                (Statement, m.statements),
                (Decision, m.decisions),
                (Gift, m.gifts),
            ):
                for obj in objects:
                    obj.meeting = m.meeting
                    rows[model].append(obj)
            for item, _protocol in m.agenda:
                item.meeting = m.meeting
            rows[signed] += [
                signed(meeting_id=m.meeting.pk, protocol_id=protocol.instance.pk)
                for protocol in m.signed
                if not protocol.skipped
            ]
        for model, objects in rows.items():
            self.create(model, objects, "Meeting.signed_protocols" if model is signed else None)

    def persist_protocols(self):
        titles = [p.protocol.title_en for p in self.protocols]
        found = {}
        for protocol in Protocol.objects.filter(title_en__in=titles).order_by("id"):
            found.setdefault(protocol.title_en, protocol)
        # Open protocols recorded by someone else (the seed visit, the staff) win over ours.
        taken = {
            (kind, frozenset((a, b)))
            for kind, a, b in Protocol.objects.open()
            .exclude(title_en__in=titles)
            .values_list("kind", "party_a_id", "party_b_id")
        }
        new = []
        for plan in self.protocols:
            p = plan.protocol
            if p.title_en in found:
                plan.instance = found[p.title_en]
            elif p.is_open and (p.kind, frozenset((p.party_a.pk, p.party_b.pk))) in taken:
                plan.skipped = True
            else:
                p.refresh_search_key()
                plan.instance = p
                new.append(plan)
        self.create(Protocol, [plan.protocol for plan in new])
        fields = Protocol.cooperation_fields.through
        self.create(ProtocolSignatory, [
            ProtocolSignatory(
                protocol=plan.instance, person=post.person.instance,
                organization=self.orgs[post.org], **_tr("title", (post.title_en, post.title_tr)),
                order=order,
            )
            for plan in new
            for order, post in enumerate(plan.signatories, start=1)
        ])  # fmt: skip
        self.create(fields, [
            fields(protocol_id=plan.instance.pk, cooperationfield_id=f.pk)
            for plan in new
            for f in plan.fields
        ], "Protocol.cooperation_fields")  # fmt: skip


def lowerfirst(text):
    """'Sister-city protocol…' as it reads after 'The'; acronyms stay as they are."""
    return text[0].lower() + text[1:] if text[:2].istitle() else text


def _time(minutes):
    minutes = min(minutes, 23 * 60 + 59)
    return dt.time(minutes // 60, minutes % 60)


def _aware(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(11, 0)))


def load_extra(count, home, stdout=None):
    """Add a generated demo set of about `count` visits; return the rows created per model.

    `home` is the union that runs the portal (is_home=True). Calling again with
    the same count creates nothing; a larger count adds the difference.
    """
    generator = _Generator(home, stdout)
    with translation.override("en"), transaction.atomic():
        generator.build_directory()
        generator.sync_directory()
        generator.plan(count)
        generator.say(
            f"Planned {len(generator.visits)} visits, {len(generator.boards)} board meetings and "
            f"{len(generator.protocols)} protocols around {len(generator.specs)} organisations "
            f"and {len(generator.people)} people."
        )
        generator.persist()
    created = dict(sorted(generator.created.items()))
    made = ", ".join(f"{n} {name}" for name, n in created.items() if n)
    generator.say(f"Created {made}." if made else "Nothing to create: the set is already loaded.")
    return created
