#!/usr/bin/env python3
"""make-corpus.py -- writes tests/dedup/corpus.jsonl and expect.json.

A small Arabic and French syndication corpus written for akhbar's tests
(invented stories, no outside data): originals, one copy per kind (exact,
chrome-wrapped, lead-only, added attribution, rewording with Arabic
orthographic variants, reordering), hard negatives that share most words
but not the facts (a daily bulletin with other figures, the same template
about another city, a court report about another case), site chrome that
must not make different stories alike, and the seed's Assabah paragraph
inside two different articles.  Run it from the source tree; the output
is committed so that tests never depend on this script.
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
docs = []          # in arrival order
same = []          # [copy, original, kinds allowed]
apart = []         # [a, b, why]
shared = []        # [article, paragraph index, first appearance]
t = [1727000000]   # publication clock, one hour per article unless given


def add(id, site, title, paras, published=None):
    if published is None:
        t[0] += 3600
        published = t[0]
    docs.append({"id": id, "site": site, "title": title, "body": "\n\n".join(paras),
                 "published": published})
    return paras


# ---- site chrome ---------------------------------------------------------------
def chrome_ar(site, paras, stamp):
    return (["انضموا إلى قناة %s على واتساب" % site, "الرئيسية » مجتمع",
             "آخر تحديث: %s" % stamp] + paras +
            ["تابعوا آخر الأخبار الوطنية والدولية عبر تطبيق موقع %s على هواتفكم الذكية، وشاركونا آراءكم وتعليقاتكم حول مختلف القضايا التي تهم المواطنين، مع الالتزام بقواعد النشر واحترام الرأي الآخر." % site,
             "اشترك في النشرة البريدية لموقع %s لتصلك آخر الأخبار يوميا" % site,
             "مشاركة عبر: فيسبوك | تويتر | واتساب", "حقوق النشر محفوظة لموقع %s" % site])


def chrome_fr(site, paras, stamp):
    return (["Suivez %s sur WhatsApp" % site, "Accueil | Société",
             "Par La rédaction - Publié le %s" % stamp] + paras +
            ["%s est un média d'information indépendant. Les commentaires sont modérés et doivent respecter les règles de publication : pas d'insultes, pas de propos diffamatoires ni de contenus publicitaires." % site,
             "Partager cet article", "Inscrivez-vous à notre lettre d'information",
             "© %s - Tous droits réservés" % site])


# ---- stories -------------------------------------------------------------------
RAIL = [
    "أعلن المكتب الوطني للسكك الحديدية، اليوم الثلاثاء، عن إطلاق خط جديد للقطارات يربط بين مدينة القنيطرة ومدينة مكناس، في إطار برنامج تحديث الشبكة السككية الذي انطلق قبل ثلاث سنوات.",
    "وأوضح المكتب في بلاغ له أن الخط الجديد سيمكن من تقليص مدة الرحلة بين المدينتين إلى ساعة وعشرين دقيقة، بدل ساعتين ونصف في السابق، مع توفير ثماني رحلات يوميا في الاتجاهين.",
    "وأضاف المصدر ذاته أن كلفة المشروع بلغت 1200 مليون درهم، ساهمت فيها الدولة والجهات المعنية، وأن أشغال تهيئة المحطات ستنتهي قبل نهاية السنة الجارية.",
    "ويرى مهنيون في قطاع النقل أن هذا الخط سيساهم في تنشيط الحركة الاقتصادية بالمنطقة، خاصة بالنسبة للطلبة والموظفين الذين يتنقلون يوميا بين المدينتين.",
]
WATER = [
    "كشفت معطيات رسمية أن نسبة ملء السدود بالمملكة بلغت 28 في المائة إلى غاية يوم أمس، مقابل 31 في المائة في الفترة نفسها من السنة الماضية، وذلك بسبب ضعف التساقطات المطرية خلال فصل الشتاء.",
    "وأشارت المعطيات ذاتها إلى أن الحوض المائي لسبو سجل أعلى نسبة ملء، في حين عرفت أحواض الجنوب الشرقي تراجعا ملحوظا دفع السلطات إلى اتخاذ تدابير استعجالية لترشيد استهلاك الماء الصالح للشرب.",
    "ودعت الوزارة الوصية المواطنين والفلاحين إلى الاقتصاد في استعمال الماء، مؤكدة أن برنامج تحلية مياه البحر سيمكن من تأمين حاجيات عدد من المدن الساحلية في أفق السنوات المقبلة.",
]
BOOKS = [
    "افتتحت صباح اليوم بالرباط فعاليات الدورة الجديدة للمعرض الدولي للنشر والكتاب، بمشاركة أزيد من سبعمائة عارض يمثلون عشرات الدول من مختلف القارات.",
    "ويتضمن برنامج هذه الدورة ندوات فكرية ولقاءات مع كتاب مغاربة وأجانب، إضافة إلى ورشات موجهة للأطفال واليافعين تهدف إلى تشجيع القراءة في صفوف الناشئة.",
    "وأكد المنظمون أن المعرض سيظل مفتوحا في وجه العموم إلى غاية نهاية الأسبوع المقبل، مع تخصيص فضاءات للتوقيعات وتقديم الإصدارات الجديدة.",
]
TRAM = [
    "Les travaux de la nouvelle ligne de tramway de Casablanca ont été lancés lundi, a annoncé la société de développement local chargée du projet, qui promet une mise en service avant la fin de l'année prochaine.",
    "Longue de 14 kilomètres, la ligne desservira une vingtaine de stations entre le quartier de Sidi Moumen et le centre-ville, et transportera jusqu'à 150.000 voyageurs par jour selon les estimations.",
    "Les commerçants des boulevards concernés redoutent toutefois des mois de chantier difficiles, et demandent des mesures d'accompagnement pour limiter l'impact sur leur activité.",
]
PORT = [
    "Le trafic du port de Tanger Med a progressé de 9% au premier semestre, porté par la hausse des conteneurs en transbordement et des exportations automobiles, selon l'autorité portuaire.",
    "Plus de quatre millions de conteneurs ont transité par le complexe entre janvier et juin, un record qui conforte sa place de premier port de la Méditerranée.",
    "L'autorité portuaire prévoit d'investir dans de nouveaux quais et dans la numérisation des procédures douanières pour réduire les délais de passage des camions.",
]
SEED = [
    "دخلت أنقرة نادي العواصم العالمية المعتمدة على الخبرة الأمنية للمغرب، إذ يجري عبد اللطيف الحموشي، المدير العام للأمن الوطني ولمراقبة التراب الوطني، زيارة عمل إلى تركيا، تمتد من أول أمس الخميس إلى اليوم السبت، وذلك في سياق الجهود المبذولة لتدعيم علاقات التعاون الأمني الثنائي.",
    "وذكر بلاغ لقطب المديرية العامة للأمن الوطني والمديرية العامة لمراقبة التراب الوطني أن حموشي التقى خلال هذه الزيارة، التي جاءت بدعوة رسمية من السلطات التركية، مع عدد من المسؤولين الأمنيين الأتراك، واستعرض معهم مختلف القضايا الأمنية ذات الاهتمام المشترك.",
    "وتم إجراء تلك اللقاءات الأمنية الثنائية بالتزامن مع زيارة المدير العام للمعرض الدولي لتجهيزات الأمن الداخلي، الذي تحتضنه أنقرة، والذي يشكل منصة دولية تستعرض أحدث التطورات التكنولوجية في مجال الأمن والدفاع.",
]
ASSABAH = ("ووفق صحيفة الصباح، فإن دعوات دول الجوار الإقليمي للتعاون مع الأجهزة الأمنية المغربية تبعث إشارات مفادها أن كبريات العواصم تعول في تعاونها مع المغرب على المستوى الأمني، في ظل التغيرات الجديدة التي عرفتها المنطقة والعالم، في وقت بات المغرب يكتسب سمعة دولية في إطار مكافحة الجريمة بشكل استباقي، بفضل الخبرة التي راكمتها مؤسسته الأمنية.")
SPAIN = [
    "احتضنت مدينة مدريد، أمس الأربعاء، اجتماعا للجنة الأمنية المشتركة بين المغرب وإسبانيا، خصص لتقييم حصيلة التعاون في مجال مكافحة الهجرة غير النظامية وشبكات التهريب العابرة للحدود.",
    "وأفاد مصدر مطلع بأن الجانبين اتفقا على تعزيز تبادل المعلومات بشكل آني، وتكثيف الدوريات المشتركة في السواحل الشمالية خلال فصل الصيف، إلى جانب تكوين مشترك لفائدة عناصر الأمن.",
]

# Site histories first: each site's chrome is learnt from its pages.
FILLER_AR = [
    ["نظمت جمعية محلية بمدينة تازة حملة تحسيسية لفائدة تلاميذ المدارس الابتدائية حول أهمية الحفاظ على البيئة وتدوير النفايات المنزلية، بمشاركة عدد من الأساتذة والمتطوعين."],
    ["استقبلت دار الثقافة بمدينة الجديدة معرضا تشكيليا جماعيا يضم أعمال فنانين شباب من جهات مختلفة، ويستمر إلى غاية نهاية الشهر الجاري بحضور نقاد ومهتمين."],
    ["أطلقت جماعة محلية بإقليم الحوز مشروعا لتزويد الدواوير الجبلية بالماء الصالح للشرب، في انتظار استكمال الطرق المؤدية إليها قبل حلول فصل الشتاء."],
]
FILLER_FR = [
    ["Une campagne de sensibilisation à la sécurité routière a été lancée à Fès auprès des élèves des collèges, avec des ateliers animés par des agents de la police."],
    ["Le festival du film de Tétouan annonce une programmation consacrée au cinéma méditerranéen, avec des projections en plein air et des rencontres avec les réalisateurs."],
    ["La chambre de commerce d'Oujda organise une rencontre sur l'export agricole, destinée aux coopératives de la région orientale et aux jeunes entrepreneurs."],
]
for k, p in enumerate(FILLER_AR):
    add("akhbarona-%d" % k, "akhbarona", "خبر محلي %d" % k, chrome_ar("أخبارنا", p, "0%d/07/2024 1%d:41" % (k + 1, k)))
for k, p in enumerate(FILLER_FR):
    add("matinal-%d" % k, "lematinal", "Brève %d" % k, chrome_fr("Lematinal", p, "0%d/07/2024 à 1%d:20" % (k + 1, k)))

# Originals.
add("rail", "hespress", "خط سككي جديد بين القنيطرة ومكناس", RAIL)
add("water", "le360", "نسبة ملء السدود تتراجع إلى 28 في المائة", WATER)
add("books", "alyaoum24", "افتتاح المعرض الدولي للنشر والكتاب بالرباط", BOOKS)
add("tram", "medias24", "Casablanca : lancement des travaux d'une nouvelle ligne de tramway", TRAM)
add("port", "leseco", "Tanger Med : le trafic en hausse de 9% au premier semestre", PORT)
add("seed", "akhbar24", "أنقرة تدخل نادي العواصم العالمية المعتمدة على الخبرة الأمنية للمغرب", SEED + [ASSABAH])

# Copies, one per kind.
add("rail-exact", "hibapress", "خط سككي جديد بين القنيطرة ومكناس", RAIL)
same.append(["rail-exact", "rail", ["exact"]])
add("rail-chrome", "akhbarona", "عاجل: خط سككي جديد بين القنيطرة ومكناس", chrome_ar("أخبارنا", RAIL, "12/09/2024 09:05"))
same.append(["rail-chrome", "rail", ["near", "extended"]])
add("rail-lead", "alyaoum24", "خط سككي جديد بين القنيطرة ومكناس", [RAIL[0], "اقرأ المزيد"])
same.append(["rail-lead", "rail", ["contained"]])
add("water-assabah", "assabah", "السدود في وضعية صعبة", ["نقلت يومية الصباح في عددها الصادر اليوم أن الوضعية المائية تثير قلق المسؤولين."] + WATER + ["(ومع)"])
same.append(["water-assabah", "water", ["extended", "near"]])
REWORD = [p.replace("المملكة", "المملكه").replace("إلى", "الى").replace("أمس", "امس")
          .replace("الماء", "المـــاء").replace("28", "٢٨").replace("31", "٣١")
          .replace("ملحوظا", "ملحوظاً").replace("بلغت", "بَلَغَتْ").replace("خلال", "أثناء")
          .replace("، ", ", ") for p in WATER]
add("water-reword", "barlamane", "نسبة ملء السدود تتراجع الى ٢٨ في المائة", REWORD)
same.append(["water-reword", "water", ["near"]])
add("books-reorder", "febrayer", "معرض الكتاب يفتح أبوابه", [BOOKS[1], BOOKS[0], BOOKS[2]])
same.append(["books-reorder", "books", ["near"]])
add("tram-lead", "lematinal", "Tramway de Casablanca : les travaux lancés", chrome_fr("Lematinal", [TRAM[0].split(", a annoncé")[0] + "...", "Lire la suite"], "12/09/2024 à 10:15"))
same.append(["tram-lead", "tram", ["contained"]])
add("tram-map", "libe", "Casablanca : une nouvelle ligne de tramway en chantier", ["Selon Médias24, " + TRAM[0][0].lower() + TRAM[0][1:]] + TRAM[1:] + ["(MAP)"])
same.append(["tram-map", "tram", ["near", "extended"]])
PORT_REWORD = [p.replace("a progressé", "a augmenté").replace("porté par", "tiré par").replace("’", "'")
               .replace("premier port", "tout premier port") for p in PORT]
add("port-reword", "lavieeco", "Tanger Med : trafic en hausse de 9%", chrome_fr("Lavieeco", PORT_REWORD, "13/09/2024 à 08:00"))
same.append(["port-reword", "port", ["near", "extended"]])

# The seed on a second site (exact copy) and its Assabah paragraph quoted
# by a different story: linked to its first appearance, not merged.
add("seed-copy", "sahifa", "أنقرة تدخل نادي العواصم العالمية المعتمدة على الخبرة الأمنية للمغرب", SEED + [ASSABAH])
same.append(["seed-copy", "seed", ["exact"]])
add("spain", "goud", "لجنة أمنية مغربية إسبانية تجتمع في مدريد", SPAIN + [ASSABAH])
apart.append(["spain", "seed", "a different story quoting the same Assabah paragraph"])
shared.append(["spain", 2, "seed"])
shared.append(["seed-copy", 3, "seed"])

# Chrome: two different short stories in the same heavy site chrome.
add("akh-a", "akhbarona", "حملة نظافة بشواطئ المضيق", chrome_ar("أخبارنا", ["أطلقت السلطات المحلية حملة واسعة لتنظيف شواطئ المضيق والفنيدق استعدادا لموسم الاصطياف."], "14/09/2024 11:02"))
add("akh-b", "akhbarona", "افتتاح مستشفى جديد بتارودانت", chrome_ar("أخبارنا", ["تم افتتاح مستشفى إقليمي جديد بتارودانت بطاقة استيعابية تصل إلى مائتي سرير."], "14/09/2024 15:47"))
apart.append(["akh-a", "akh-b", "two stories in the same site chrome"])
apart.append(["akh-a", "akhbarona-0", "two stories in the same site chrome"])
add("mat-a", "lematinal", "Rabat : un nouveau parc urbain", chrome_fr("Lematinal", ["Un nouveau parc urbain de douze hectares a ouvert ses portes à Rabat."], "14/09/2024 à 09:30"))
apart.append(["mat-a", "matinal-1", "two stories in the same site chrome"])

# Hard negatives: the same words, other facts.
def covid(day, cases, deaths, total, rate):
    return ["Le ministère de la Santé a annoncé %s l'enregistrement de %d nouveaux cas de Covid-19 et de %d décès au cours des dernières 24 heures." % (day, cases, deaths),
            "Le nombre total de cas confirmés s'élève ainsi à %d, tandis que le taux de guérison atteint %s%%, selon le bulletin quotidien du ministère." % (total, rate),
            "Le ministère appelle les citoyens à respecter les mesures barrières et à se faire vacciner, en particulier les personnes âgées et les malades chroniques."]
add("covid-1", "hespressfr", "Covid-19 : 345 nouveaux cas et 3 décès en 24 heures", covid("mardi", 345, 3, 12345, "93,1"))
add("covid-2", "hespressfr", "Covid-19 : 412 nouveaux cas et 5 décès en 24 heures", covid("mercredi", 412, 5, 12757, "93,4"))
apart.append(["covid-2", "covid-1", "daily bulletin with other figures"])
add("covid-2-copy", "le360fr", "Covid-19 : 412 nouveaux cas et 5 décès", ["Selon le ministère, "] + covid("mercredi", 412, 5, 12757, "93,4"))
same.append(["covid-2-copy", "covid-2", ["near", "extended"]])
apart.append(["covid-2-copy", "covid-1", "daily bulletin with other figures"])

def weather_ar(tmin, tmax, region):
    return ["توقعت المديرية العامة للأرصاد الجوية أن تعرف أجواء يوم غد طقسا حارا بعدد من مناطق المملكة، مع درجات حرارة دنيا تتراوح بين %d و %d درجة." % (tmin, tmin + 6),
            "وستتراوح درجات الحرارة العليا بين %d و %d درجة بمنطقة %s، مع هبوب رياح قوية نوعا ما بالسواحل ونزول قطرات مطرية متفرقة بالمرتفعات." % (tmax, tmax + 5, region),
            "ودعت المديرية مستعملي الطريق والبحارة إلى توخي الحذر ومتابعة النشرات الإنذارية التي تصدرها بانتظام."]
add("weather-1", "alyaoum24", "طقس حار غدا بعدد من مناطق المملكة", weather_ar(14, 38, "سوس"))
add("weather-2", "alyaoum24", "طقس حار غدا بعدد من مناطق المملكة", weather_ar(17, 42, "سوس"))
apart.append(["weather-2", "weather-1", "daily weather bulletin with other figures"])

def beach(city, area):
    return ["أعلنت السلطات المحلية بمدينة %s عن منع السباحة مؤقتا بعدد من الشواطئ بسبب ارتفاع الأمواج وقوة التيارات البحرية، وذلك حفاظا على سلامة المصطافين." % city,
            "وأوضح بلاغ للسلطات أن القرار يشمل شواطئ %s إلى غاية تحسن الأحوال الجوية، داعيا المواطنين إلى احترام تعليمات عناصر الوقاية المدنية والأعلام الحمراء المثبتة." % area,
            "وتعرف الشواطئ خلال هذه الفترة توافد أعداد كبيرة من الزوار القادمين من مختلف المدن الداخلية."]
add("beach-hoceima", "hibapress", "منع السباحة مؤقتا بشواطئ الحسيمة", beach("الحسيمة", "المنطقة"))
add("beach-larache", "hibapress", "منع السباحة مؤقتا بشواطئ العرائش", beach("العرائش", "المنطقة"))
apart.append(["beach-larache", "beach-hoceima", "the same template about another city"])

def storm_fr(cities):
    return ["De fortes averses orageuses sont attendues ce samedi à %s, selon un bulletin d'alerte de la Direction générale de la météorologie publié vendredi soir." % cities,
            "Les services de la Protection civile ont été mis en état d'alerte et les usagers de la route sont appelés à la plus grande prudence pendant toute la durée de l'épisode."]
add("storm-tanger", "lematinal", "Alerte météo : averses orageuses attendues samedi", storm_fr("Tanger et Tétouan"))
add("storm-agadir", "lematinal", "Alerte météo : averses orageuses attendues samedi", storm_fr("Agadir et Taroudant"))
apart.append(["storm-agadir", "storm-tanger", "the same template about other cities"])

def court(city, years, age, crime):
    return ["أصدرت غرفة الجنايات الابتدائية بمحكمة الاستئناف بمدينة %s، مساء أمس، حكما بالسجن النافذ لمدة %d سنوات في حق متهم يبلغ من العمر %d سنة، بعد متابعته من أجل %s." % (city, years, age, crime),
            "وكانت عناصر الشرطة القضائية قد أوقفت المتهم قبل أشهر إثر شكاية تقدم بها أحد المتضررين، قبل أن تحيله على النيابة العامة المختصة لاستكمال إجراءات المتابعة.",
            "وقد التمس دفاع المتهم ظروف التخفيف، بالنظر إلى انعدام السوابق القضائية لموكله ووضعيته الاجتماعية الصعبة."]
add("court-fes", "alyaoum24", "السجن النافذ لمتهم بالاتجار في المخدرات بفاس", court("فاس", 10, 34, "الاتجار في المخدرات"))
add("court-tanger", "alyaoum24", "السجن النافذ لمتهم بالسرقة الموصوفة بطنجة", court("طنجة", 5, 27, "السرقة الموصوفة"))
apart.append(["court-tanger", "court-fes", "a court report about another case"])

# A follow-up on the same case by the same site: a new lead over the same
# background paragraphs is a new story.
CASE_BG = [
    "وكانت عناصر الفرقة الوطنية للشرطة القضائية قد فتحت بحثا في القضية بعد تقرير للمجلس الجهوي للحسابات رصد اختلالات في تدبير صفقات عمومية تتعلق بتهيئة الطرق والإنارة العمومية خلال السنوات الماضية.",
    "ويتابع في هذا الملف رئيس سابق لجماعة قروية وموظفان ومقاول، من أجل تهم تبديد أموال عمومية والتزوير في محررات رسمية والمشاركة في ذلك، وهي التهم التي نفوها خلال مراحل البحث والتحقيق.",
]
add("case-1", "alyaoum24", "تأجيل محاكمة رئيس جماعة سابق بأكادير", [
    "أجلت غرفة الجنايات الابتدائية المكلفة بجرائم الأموال بمحكمة الاستئناف بمراكش، أمس الثلاثاء، النظر في ملف رئيس جماعة قروية سابق بإقليم أكادير إلى جلسة 14 نونبر المقبل، لاستدعاء الشهود."] + CASE_BG)
add("case-2", "alyaoum24", "السجن النافذ لرئيس جماعة سابق بأكادير", [
    "قضت غرفة الجنايات الابتدائية المكلفة بجرائم الأموال بمحكمة الاستئناف بمراكش، مساء الخميس، بخمس سنوات سجنا نافذا في حق رئيس جماعة قروية سابق بإقليم أكادير، وبسنتين في حق كل واحد من المتهمين الآخرين."] + CASE_BG)
apart.append(["case-2", "case-1", "a follow-up on the same case: a new hearing is a new story"])

# Syndication with a rewritten lead: whole paragraphs copied word for word.
add("rail-rewrite", "le360", "القطار يربط القنيطرة بمكناس", [
    "بات بإمكان المسافرين بين القنيطرة ومكناس ركوب القطار مباشرة، بعدما أطلق المكتب الوطني للسكك الحديدية خطا جديدا بين المدينتين، حسب ما أفادت به وكالة المغرب العربي للأنباء."] + RAIL[1:])
same.append(["rail-rewrite", "rail", ["near", "extended", "contained"]])

# Same topic, different stories.
add("tram-other", "h24info", "Rabat : le tramway prolongé vers Témara", [
    "La ligne 2 du tramway de Rabat-Salé sera prolongée jusqu'à Témara, a indiqué mardi la société gestionnaire, qui table sur une mise en service dans trois ans.",
    "Ce prolongement de sept kilomètres comptera neuf nouvelles stations et devrait absorber une partie du trafic automobile sur la route côtière.",
])
apart.append(["tram-other", "tram", "another tramway story"])

# An original that arrives after its copy (crawl order is not publication
# order): it becomes the cluster's original.
ELECT = [
    "أعلنت وزارة الداخلية عن فتح باب التسجيل في اللوائح الانتخابية العامة إلى غاية نهاية شهر دجنبر، وذلك عبر الموقع الإلكتروني المخصص لهذا الغرض أو لدى مكاتب السلطات الإدارية المحلية.",
    "ودعت الوزارة الشباب البالغين ثمانية عشر عاما إلى المبادرة بالتسجيل، مؤكدة أن العملية مجانية ولا تتطلب سوى الإدلاء بالبطاقة الوطنية للتعريف الإلكترونية.",
]
add("elect-copy", "febrayer", "فتح باب التسجيل في اللوائح الانتخابية", ELECT, published=t[0] + 7200)
add("elect", "hespress", "فتح باب التسجيل في اللوائح الانتخابية إلى نهاية دجنبر", ELECT, published=t[0] + 3600)
same.append(["elect-copy", "elect", ["exact"]])

# A round-up that quotes two stories must not chain them together.
add("roundup", "goud", "حصيلة الأسبوع", [RAIL[0], BOOKS[0], "وفي أخبار أخرى، عرفت الأسواق الوطنية ارتفاعا في أسعار الخضر والفواكه بسبب موجة الحر التي ضربت عددا من المناطق الفلاحية."])
apart.append(["rail", "books", "a round-up quoting both must not merge them"])

with open(os.path.join(HERE, "corpus.jsonl"), "w", encoding="utf-8") as f:
    for d in docs:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
with open(os.path.join(HERE, "expect.json"), "w", encoding="utf-8") as f:
    json.dump({"same": same, "apart": apart, "shared": shared}, f, ensure_ascii=False, indent=1)
print("%d articles, %d copies, %d must stay apart, %d shared paragraphs" % (len(docs), len(same), len(apart), len(shared)))
