"""The annotated corpus: sentences with the mentions the engine must (and must not) find.

The case × name-shape matrix is generated from hand-written frames and hand-written case
forms (never from the engine's own form generator, which would test itself); traps and
HTML samples are written out one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

S, R = "sure", "review"
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@dataclass(frozen=True)
class Sample:
    """A text and its expected mentions: ``(entry_id, certainty[, matched text])``."""

    text: str
    expected: tuple[tuple[str, ...], ...]
    note: str = ""


#: Frames per case for persons; ``{x}`` takes the name in that case.
PERSON_FRAMES = {
    "nomn": (
        "Как выяснили журналисты, {x} сейчас живёт в Риге.",
        "Среди выступавших на форуме — {x}.",
    ),
    "gent": (
        "Суд заочно арестовал имущество {x}.",
        "Из-за {x} заседание пришлось перенести.",
    ),
    "datv": (
        "Редакция направила {x} список вопросов.",
        "Слово на конференции дали {x} в самом конце.",
    ),
    "accs": (
        "Журналисты встретили {x} в аэропорту.",
        "Организаторы пригласили {x} на дебаты.",
    ),
    "ablt": (
        "Мы поговорили с {x} после эфира.",
        "Интервью с {x} вышло в воскресенье.",
    ),
    "loct": (
        "В фильме рассказывается о {x} и о годах эмиграции.",
        "Подробнее о {x} читайте в нашем досье.",
    ),
}

#: Hand-written case forms: surname, first name, patronymic per case.
PERSON_FORMS = {
    "p_ivanov": (
        ("Иванов", "Иван", "Петрович"),
        ("Иванова", "Ивана", "Петровича"),
        ("Иванову", "Ивану", "Петровичу"),
        ("Иванова", "Ивана", "Петровича"),
        ("Ивановым", "Иваном", "Петровичем"),
        ("Иванове", "Иване", "Петровиче"),
    ),
    "p_petrova": (
        ("Петрова", "Анна", "Сергеевна"),
        ("Петровой", "Анны", "Сергеевны"),
        ("Петровой", "Анне", "Сергеевне"),
        ("Петрову", "Анну", "Сергеевну"),
        ("Петровой", "Анной", "Сергеевной"),
        ("Петровой", "Анне", "Сергеевне"),
    ),
    "p_skryabin": (
        ("Скрябин-Лосев", "Олег", "Игоревич"),
        ("Скрябина-Лосева", "Олега", "Игоревича"),
        ("Скрябину-Лосеву", "Олегу", "Игоревичу"),
        ("Скрябина-Лосева", "Олега", "Игоревича"),
        ("Скрябиным-Лосевым", "Олегом", "Игоревичем"),
        ("Скрябине-Лосеве", "Олеге", "Игоревиче"),
    ),
    "p_gritsenko": (
        ("Гриценко", "Тарас", "Богданович"),
        ("Гриценко", "Тараса", "Богдановича"),
        ("Гриценко", "Тарасу", "Богдановичу"),
        ("Гриценко", "Тараса", "Богдановича"),
        ("Гриценко", "Тарасом", "Богдановичем"),
        ("Гриценко", "Тарасе", "Богдановиче"),
    ),
    "p_schmidt": (
        ("Шмидт", "Анна", "Карловна"),
        ("Шмидт", "Анны", "Карловны"),
        ("Шмидт", "Анне", "Карловне"),
        ("Шмидт", "Анну", "Карловну"),
        ("Шмидт", "Анной", "Карловной"),
        ("Шмидт", "Анне", "Карловне"),
    ),
    "p_dubrovskaya": (
        ("Дубровская", "Марина", "Олеговна"),
        ("Дубровской", "Марины", "Олеговны"),
        ("Дубровской", "Марине", "Олеговне"),
        ("Дубровскую", "Марину", "Олеговну"),
        ("Дубровской", "Мариной", "Олеговной"),
        ("Дубровской", "Марине", "Олеговне"),
    ),
    "p_zhuravlev": (
        ("Журавлёв", "Кирилл", "Андреевич"),
        ("Журавлёва", "Кирилла", "Андреевича"),
        ("Журавлёву", "Кириллу", "Андреевичу"),
        ("Журавлёва", "Кирилла", "Андреевича"),
        ("Журавлёвым", "Кириллом", "Андреевичем"),
        ("Журавлёве", "Кирилле", "Андреевиче"),
    ),
    "p_moroz": (
        ("Мороз", "Глеб", "Викторович"),
        ("Мороза", "Глеба", "Викторовича"),
        ("Морозу", "Глебу", "Викторовичу"),
        ("Мороза", "Глеба", "Викторовича"),
        ("Морозом", "Глебом", "Викторовичем"),
        ("Морозе", "Глебе", "Викторовиче"),
    ),
    "p_sedykh": (
        ("Седых", "Ольга", "Ивановна"),
        ("Седых", "Ольги", "Ивановны"),
        ("Седых", "Ольге", "Ивановне"),
        ("Седых", "Ольгу", "Ивановну"),
        ("Седых", "Ольгой", "Ивановной"),
        ("Седых", "Ольге", "Ивановне"),
    ),
    "p_orlov": (
        ("Орлов", "Денис", "Андреевич"),
        ("Орлова", "Дениса", "Андреевича"),
        ("Орлову", "Денису", "Андреевичу"),
        ("Орлова", "Дениса", "Андреевича"),
        ("Орловым", "Денисом", "Андреевичем"),
        ("Орлове", "Денисе", "Андреевиче"),
    ),
}

#: Surnames that are also common words: alone they are only ``review``. (``Седых`` only
#: coincides with an oblique form, «седых»: with a capital inside a sentence it is sure.)
COMMON_SURNAMES = {"p_moroz", "p_orlov", "p_dubrovskaya"}

#: Name shapes: how the surname (s), first name (f) and patronymic (p) are written.
SHAPES = {
    "f s": lambda s, f, p: f"{f} {s}",
    "s f": lambda s, f, p: f"{s} {f}",
    "s f p": lambda s, f, p: f"{s} {f} {p}",
    "f p s": lambda s, f, p: f"{f} {p} {s}",
    "i. s": lambda s, f, p: f"{f[0]}. {s}",
    "i. p. s": lambda s, f, p: f"{f[0]}. {p[0]}. {s}",
    "i.p. s": lambda s, f, p: f"{f[0]}.{p[0]}. {s}",
    "s i. p.": lambda s, f, p: f"{s} {f[0]}. {p[0]}.",
    "s i.p.": lambda s, f, p: f"{s} {f[0]}.{p[0]}.",
}


def _person_matrix() -> list[Sample]:
    samples = []
    for entry_id, case_forms in PERSON_FORMS.items():
        for n, case in enumerate(CASES):
            s, f, p = case_forms[n]
            frames = PERSON_FRAMES[case]
            for k, (shape, make) in enumerate(SHAPES.items()):
                name = make(s, f, p)
                text = frames[k % 2].format(x=name)
                if shape.startswith("s i") and text.endswith(name + "."):
                    text = text[: -len(name) - 1] + name + " на днях."
                samples.append(Sample(text, ((entry_id, S, name),), f"{entry_id} {case} {shape}"))
            # The surname alone: sure only where it is not a common word.
            alone = R if entry_id in COMMON_SURNAMES else S
            text = frames[1].format(x=s)
            samples.append(Sample(text, ((entry_id, alone, s),), f"{entry_id} {case} surname"))
            # The full name first, the surname alone later: both sure.
            text = frames[0].format(x=f"{f} {s}") + " " + frames[1].format(x=s)
            samples.append(
                Sample(text, ((entry_id, S), (entry_id, S)), f"{entry_id} {case} repeat")
            )
    return samples


ORG_FRAMES = {
    "nomn": "Среди упомянутых в докладе — {x}.",
    "gent": "Представители {x} отказались от комментариев.",
    "datv": "Регулятор направил {x} очередное требование.",
    "accs": "Прокуратура проверяет {x} уже полгода.",
    "ablt": "Эксперт сравнил ситуацию с {x}.",
    "loct": "Доклад написан о {x} и о её аудитории.",
}

ORG_FORMS = {
    "o_instagram": (
        "Инстаграм",
        "Инстаграма",
        "Инстаграму",
        "Инстаграм",
        "Инстаграмом",
        "Инстаграме",
    ),
    "o_meta": ("Фейсбук", "Фейсбука", "Фейсбуку", "Фейсбук", "Фейсбуком", "Фейсбуке"),
    "o_jw": (
        "Свидетели Иеговы",
        "Свидетелей Иеговы",
        "Свидетелям Иеговы",
        "Свидетелей Иеговы",
        "Свидетелями Иеговы",
        "Свидетелях Иеговы",
    ),
    "o_fbk": (
        "Фонд борьбы с коррупцией",
        "Фонда борьбы с коррупцией",
        "Фонду борьбы с коррупцией",
        "Фонд борьбы с коррупцией",
        "Фондом борьбы с коррупцией",
        "Фонде борьбы с коррупцией",
    ),
    "o_dozhd": ("«Дождь»", "«Дождя»", "«Дождю»", "«Дождь»", "«Дождём»", "«Дожде»"),
    "o_svoboda": (
        "фонд «Свобода»",
        "фонда «Свобода»",
        "фонду «Свобода»",
        "фонд «Свобода»",
        "фондом «Свобода»",
        "фонде «Свобода»",
    ),
    "o_roga": ("«Рога и копыта»",) * 6,
    "o_dozhd_type": (
        "телеканал Дождь",
        "телеканала Дождь",
        "телеканалу Дождь",
        "телеканал Дождь",
        "телеканалом Дождь",
        "телеканале Дождь",
    ),
}

#: Latin names and abbreviations do not decline.
INVARIANT = {"o_meta": ("Meta", "Facebook"), "o_instagram": ("Instagram",), "o_fbk": ("ФБК",)}


def _org_matrix() -> list[Sample]:
    samples = []
    for key, case_forms in ORG_FORMS.items():
        entry_id = key.removesuffix("_type")
        for n, case in enumerate(CASES):
            text = ORG_FRAMES[case].format(x=case_forms[n])
            samples.append(Sample(text, ((entry_id, S),), f"{key} {case}"))
    for entry_id, names in INVARIANT.items():
        for name in names:
            for case in CASES:
                text = ORG_FRAMES[case].format(x=name)
                samples.append(Sample(text, ((entry_id, S, name),), f"{entry_id} {case} {name}"))
    return samples


#: Mentions inside markup.
HTML = [
    Sample('<p>Об этом написала <a href="/p/1">Анна Петрова</a>.</p>', (("p_petrova", S),)),
    Sample("<p><b>Иван</b> Иванов не ответил.</p>", (("p_ivanov", S, "Иван</b> Иванов"),)),
    Sample("<p>Интервью с <i>Иваном</i> <i>Ивановым</i></p>", (("p_ivanov", S),)),
    Sample("<p>Слово дали Ивану&nbsp;Иванову.</p>", (("p_ivanov", S, "Ивану&nbsp;Иванову"),)),
    Sample("<p>Слово дали И.&nbsp;П.&nbsp;Иванову.</p>", (("p_ivanov", S),)),
    Sample("<p>Слово дали Ива&shy;нову лично.</p>", (("p_ivanov", S, "Ива&shy;нову"),)),
    Sample("Слово дали Ива\u00adнову лично.", (("p_ivanov", S),)),
    Sample("Пост в Инста\u200bграме удалили.", (("o_instagram", S),)),
    Sample("<p>Эфир &laquo;Дождя&raquo; прервали.</p>", (("o_dozhd", S, "Дождя"),)),
    Sample("<p>Эфир &#171;Дождя&#187; прервали.</p>", (("o_dozhd", S),)),
    Sample("<p>Эфир „Дождя“ прервали.</p>", (("o_dozhd", S),)),
    Sample('<p>Эфир "Дождя" прервали.</p>', (("o_dozhd", S),)),
    Sample("<p>Сотрудники <strong>ФБК</strong> подали иск.</p>", (("o_fbk", S),)),
    Sample(
        '<ul><li>Скрябин-Лосев</li><li><a href="/x"><span>Meta</span></a></li></ul>',
        (("p_skryabin", S), ("o_meta", S)),
    ),
    Sample("<h2>Глеб Мороз</h2><p>Мороз уехал в Тбилиси.</p>", (("p_moroz", S), ("p_moroz", S))),
    Sample("<p>Скрябин&#8209;Лосев дал интервью.</p>", (("p_skryabin", S),)),
    Sample("<p>Скрябин–Лосев дал интервью.</p>", (("p_skryabin", S),)),
    Sample("<p>Пост Журавлева удалили.</p>", (("p_zhuravlev", S),)),
    Sample("<p>ИНТЕРВЬЮ С АННОЙ ПЕТРОВОЙ</p>", (("p_petrova", S),)),
    Sample("<table><tr><td>Иван</td><td>Иванов</td></tr></table>", (("p_ivanov", S, "Иванов"),)),
    Sample("<blockquote>Анна</blockquote>Шмидт пришла.", (("p_schmidt", S, "Шмидт"),)),
    Sample("<p>Глеб</p><p>Мороз отменил рейсы.</p>", (("p_moroz", R, "Мороз"),)),
    Sample("Глеб<br>Мороз отменил рейсы.", (("p_moroz", S, "Глеб<br>Мороз"),)),
    Sample("<p>Иван</p>\n<p>Петрович написал.</p>", ()),
    Sample("<script>var x = 'Анна Петрова';</script><p>Ничего.</p>", ()),
    Sample("<!-- Анна Петрова --><p>Ничего.</p>", ()),
    Sample('<img alt="Анна Петрова" src="/a.jpg"><p>Фото.</p>', ()),
]

#: Pseudonyms and aliases of persons.
PSEUDONYMS = [
    Sample("Песню исполнил Ваня Север.", (("p_ivanov", S),)),
    Sample("Новый альбом Вани Севера вышел в пятницу.", (("p_ivanov", S),)),
    Sample("Организаторы пригласили Ваню Севера на фестиваль.", (("p_ivanov", S),)),
    Sample("Мы поговорили с Ваней Севером после концерта.", (("p_ivanov", S),)),
    Sample("Рэпер «Ваня Север» отменил тур.", (("p_ivanov", S),)),
    Sample("О Ване Севере сняли фильм.", (("p_ivanov", S),)),
    Sample("Ветер дул с севера всю ночь.", ()),
]

#: Plurals: the family.
PLURALS = [
    Sample("Ивановы уехали из страны в 2022 году.", (("p_ivanov", S),)),
    Sample("Квартиру Ивановых выставили на продажу.", (("p_ivanov", S),)),
    Sample("С Ивановыми связаться не удалось.", (("p_ivanov", S),)),
    Sample("Журавлёвы живут в Ереване.", (("p_zhuravlev", S),)),
    Sample("Соседи Журавлевых подтвердили это.", (("p_zhuravlev", S),)),
]

#: Traps: nothing, or only ``review``.
TRAPS = [
    # Common words equal to surnames.
    Sample("Ночью ударил мороз, и дороги обледенели.", ()),
    Sample("К утру мороз усилился до тридцати градусов.", ()),
    # The weather words around it say «Мороз» is the weather.
    Sample("Синоптики обещают, что Мороз продержится неделю.", ()),
    Sample("В заповеднике насчитали двенадцать орлов.", ()),
    Sample("Фотограф снимал орлов на рассвете.", ()),
    Sample("Статью написал Орлов.", (("p_orlov", R),)),
    Sample("Денис Орлов подал в суд. Орлов требует извинений.", (("p_orlov", S), ("p_orlov", S))),
    Sample("В толпе было много седых людей.", ()),
    Sample("Стихи о седых горах читали вслух.", ()),
    Sample("Письмо подписала Седых.", (("p_sedykh", S),)),
    Sample("Седых гор не видно.", (("p_sedykh", R),)),  # a sentence start: the word or her
    Sample("Ольга Седых вернулась. Седых выступит завтра.", (("p_sedykh", S), ("p_sedykh", S))),
    # Other persons with the same surname.
    Sample("Пётр Иванов, однофамилец, к делу отношения не имеет.", ()),
    Sample("Слово взял Пётр Иванов.", ()),
    Sample("Соседом оказался П. Иванов из Твери.", ()),
    Sample("Соседом оказался С. Иванов из Твери.", ()),
    Sample("Ответила Мария Петрова из Казани.", ()),
    Sample("Ответил Андрей Мороз из Минска.", ()),
    Sample("Ответила Анна Иванова из Самары.", ()),
    Sample("Вчера Иван Иванов и Пётр Иванов поспорили.", (("p_ivanov", S, "Иван Иванов"),)),
    Sample("Выступил Иванов Пётр Сергеевич.", (("p_ivanov", R),)),
    Sample("Глеб Мороз и Андрей Мороз — братья.", (("p_moroz", S, "Глеб Мороз"),)),
    # Words that contain a name.
    Sample("Деревня Ивановка стоит на реке.", ()),
    Sample("Ольга Ивановна вернулась домой.", ()),
    Sample("Сергей Иванович не пришёл.", ()),
    Sample("Метан и метафора — разные слова.", ()),
    Sample("Метаморфозы случаются.", ()),
    Sample("Аккаунт в metaverse создать нельзя.", ()),
    Sample("Кошелёк MetaMask обновился.", ()),
    Sample("Сервис Facebookgram не существует.", ()),
    Sample("Инстаграмщики собрались в кафе.", ()),
    Sample("Фейсбуковский пост удалили.", ()),
    Sample("Фирма Шмидтер объявила о банкротстве.", ()),
    Sample("Гриценков приехал.", ()),
    Sample("Иванов-Крамской выставил картины.", ()),
    Sample("Лосев дал интервью.", ()),
    Sample("Скрябин написал поэму.", ()),
    # Ordinary phrases equal to aliases: nothing in lower case; with a capital, even the
    # capital of a sentence's first word, only ``review`` (the editor dismisses it).
    Sample("Весь вечер шёл дождь.", ()),
    Sample("Дождь шёл весь вечер.", (("o_dozhd", R, "Дождь"),)),
    Sample("Под дождём стояли сотни людей.", ()),
    Sample("Мы ждали, когда кончится дождь.", ()),
    Sample("Свобода слова — основа профессии.", (("o_svoboda", R, "Свобода"),)),
    Sample("Они боролись за свободу.", ()),
    Sample("Рога и копыта нашли в лесу.", (("o_roga", R, "Рога и копыта"),)),
    Sample("У оленя выросли рога и копыта окрепли.", ()),
    Sample("Художник поставил мету на холсте.", ()),
    Sample("Свидетели на суде показали обратное.", ()),
    Sample("Фонд поддержки малого бизнеса открыл приём заявок.", ()),
    Sample("Фонд борьбы с бедностью объявил конкурс.", ()),
    # Ordinary aliases that count.
    Sample("Телеканал Дождь выпустил расследование.", (("o_dozhd", S),)),
    Sample("В эфире телеканала «Дождь» вышел сюжет.", (("o_dozhd", S),)),
    Sample("Вчера Дождь выпустил расследование.", (("o_dozhd", R),)),
    Sample("Компания Мета оспорила решение.", (("o_meta", S),)),
    Sample("Решение оспорила Мета.", (("o_meta", S),)),
    Sample("Акции «Меты» выросли.", (("o_meta", S),)),
    Sample("Решение поддержал фонд Свобода.", (("o_svoboda", S),)),
    Sample("Доклад «Свободы» вышел в мае.", (("o_svoboda", S),)),
    Sample("Доклад Свободы вышел в мае.", (("o_svoboda", R),)),
    Sample("Директор «Рогов и копыт» уволился.", (("o_roga", S),)),
    # Registry dates.
    Sample("Аркадий Листопадов дал интервью.", ()),
    Sample("Всеволод Черемшанов дал интервью.", ()),
    Sample("Фонд «Северный ветер» открыл офис.", ()),
    # Several entities in one text.
    Sample(
        "Анна Петрова и Кирилл Журавлёв обсудили публикации в Инстаграме и Фейсбуке.",
        (("p_petrova", S), ("p_zhuravlev", S), ("o_instagram", S), ("o_meta", S)),
    ),
    Sample(
        "Глеб Мороз рассказал, что Мороз — его настоящая фамилия, а мороз ему не страшен.",
        (("p_moroz", S), ("p_moroz", S)),
    ),
    Sample("Анна Шмидт и Анна Петрова пришли вместе.", (("p_schmidt", S), ("p_petrova", S))),
    Sample("Шмидт А. К. подала апелляцию.", (("p_schmidt", S),)),
    Sample("Шмидт А.К. подала апелляцию.", (("p_schmidt", S),)),
    Sample("Апелляцию подала Анна Карловна Шмидт.", (("p_schmidt", S),)),
    Sample("Тарас Гриценко и Марина Дубровская.", (("p_gritsenko", S), ("p_dubrovskaya", S))),
    Sample("Дубровская ответила на вопросы.", (("p_dubrovskaya", R),)),
    Sample("Дубровская улица перекрыта.", (("p_dubrovskaya", R),)),
    Sample("Гриценко ответил на вопросы.", (("p_gritsenko", S),)),
    Sample("«Свидетелей Иеговы» снова судят.", (("o_jw", S),)),
    Sample("Ролик про Meta Platforms Inc. удалили.", (("o_meta", S, "Meta Platforms Inc."),)),
    Sample("ООО «Рога и копыта» зарегистрировано в Одессе.", (("o_roga", S),)),
    Sample("Директор ООО «Рога и копыта» уволился.", (("o_roga", S),)),
]


#: Latin names with Russian case endings after an apostrophe (any variant) or a hyphen.
LATIN_ENDINGS = [
    Sample("Пост в Facebook'е удалили.", (("o_meta", S, "Facebook'е"),)),
    Sample("Заявление опубликовали в Instagram’е.", (("o_instagram", S, "Instagram’е"),)),
    Sample("Его страницу в Instagram-е заблокировали.", (("o_instagram", S, "Instagram-е"),)),
    Sample("Владелец Instagram'а не ответил.", (("o_instagram", S, "Instagram'а"),)),
    Sample("Сравните с Facebook'ом.", (("o_meta", S, "Facebook'ом"),)),
    Sample("Сравните с Facebook‘ом.", (("o_meta", S, "Facebook‘ом"),)),
    Sample("Meta'ой владеет тот же человек.", (("o_meta", S, "Meta'ой"),)),
    Sample("Иск к Meta’е подали в мае.", (("o_meta", S, "Meta’е"),)),
    Sample("Пользователи Facebookʼа жалуются.", (("o_meta", S, "Facebookʼа"),)),
    Sample("Ролик в INSTAGRAM'Е набрал миллион.", (("o_instagram", S, "INSTAGRAM'Е"),)),
    Sample("Пост в Instagram\u2011е удалили.", (("o_instagram", S, "Instagram\u2011е"),)),
    Sample("Пост в Instagramе удалили.", (("o_instagram", S, "Instagramе"),)),
    Sample(
        "<p>Пост в <b>Instagram</b>’е удалили.</p>",
        (("o_instagram", S, "Instagram</b>’е"),),
    ),
    Sample("Meta’s policy changed.", (("o_meta", S, "Meta"),)),
    # A compound or a derived word names the entity, but not as a name: review.
    Sample("Его Instagram-аккаунт заблокировали.", (("o_instagram", S, "Instagram-аккаунт"),)),
    Sample("Facebook'овская лента пустеет.", (("o_meta", R, "Facebook"),)),
    Sample("Его Инстаграм-аккаунт заблокировали.", (("o_instagram", S, "Инстаграм-аккаунт"),)),
    Sample("Его Instagram-диета не помогла.", (("o_instagram", R, "Instagram"),)),
    Sample("Мета-анализ показал рост.", ()),
    Sample("Дождь-шоу отменили из-за погоды.", ()),
    # A longer Latin word is no mention.
    Sample("Meta-analysis показал рост.", ()),
    Sample("Сервис Instagramify закрылся.", ()),
    Sample("Приложение Facebook2 не существует.", ()),
    Sample("Он живёт в Metaverse’е.", ()),
]

#: Ordinary-phrase aliases with a capital at the start of a sentence: review, never lost.
SENTENCE_START = [
    Sample("Дождь выпустил новое расследование.", (("o_dozhd", R, "Дождь"),)),
    Sample("«Дождь» выпустил новое расследование.", (("o_dozhd", S, "Дождь"),)),
    Sample("Телеканал Дождь выпустил новое расследование.", (("o_dozhd", S, "Дождь"),)),
    Sample("<p>Дождь показал фильм.</p>", (("o_dozhd", R, "Дождь"),)),
    Sample("<h2>Дождь</h2><p>Канал показал фильм.</p>", (("o_dozhd", R, "Дождь"),)),
    Sample("Свобода опубликовала доклад.", (("o_svoboda", R, "Свобода"),)),
    # Мета is Meta's Russian spelling (the registry lists both): a capital makes it sure.
    Sample("Мета оспорила решение суда.", (("o_meta", S, "Мета"),)),
    Sample(
        "Вчера шёл дождь. Дождь показал репортаж об этом.",
        (("o_dozhd", R, "Дождь"),),
    ),
    Sample("дождь шёл весь вечер, писал он.", ()),
    Sample("— Дождь? — переспросил он.", (("o_dozhd", R, "Дождь"),)),
]


def corpus() -> list[Sample]:
    """The whole corpus."""
    return [
        *_person_matrix(),
        *_org_matrix(),
        *HTML,
        *PSEUDONYMS,
        *PLURALS,
        *TRAPS,
        *LATIN_ENDINGS,
        *SENTENCE_START,
    ]
