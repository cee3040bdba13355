"""Demo live blogs: one finished (an evening of 30+ entries) and one still going.

Everything is invented for Polosa: the festival, the bands, the people.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from polosa.live import content, services
from polosa.live.models import LiveBlogPage
from polosa.news import content as news_content

#: (minutes after the start, title, text, key event)
FINISHED_ENTRIES = [
    (0, "Двери открыты", "Площадку у Речного порта открыли для зрителей ровно в шесть.", True),
    (6, "", "У входа очередь тянется до самой набережной: многие пришли с пледами.", False),
    (12, "", "Организаторы обещают восемь концертов и ни одной паузы дольше десяти минут.", False),
    (18, "", "Звукорежиссёр проверяет микрофоны: «Раз, два, три, Полоса на связи».", False),
    (25, "Первый концерт", "Квартет «Белый пароход» начал с неторопливой баллады.", True),
    (33, "", "Зрители подпевают припеву, хотя песне всего неделя.", False),
    (41, "", "Ветер с реки стих, и над сценой зажгли гирлянды из старых фонарей.", False),
    (49, "", "Квартет закончил выступление на бис и подарил залу виниловую пластинку.", False),
    (57, "", "В перерыве волонтёры раздают горячий чай: сегодня +12 °C.", False),
    (64, "", "На сцене — саксофонистка Ульяна Дроздова и трио из Твери.", False),
    (72, "", "Дроздова рассказала, что впервые играет под открытым небом.", False),
    (80, "", "Соло на саксофоне длилось почти шесть минут; зал аплодировал стоя.", False),
    (88, "", "Организаторы говорят, что на площадке уже около четырёх тысяч человек.", False),
    (95, "Сюрприз вечера", "Без объявления на сцену вышел хор ветеранов речного флота.", True),
    (103, "", "Хор исполнил три морские песни, одну из них — вместе с трио.", False),
    (111, "", "Фуд-корт не справляется: у палатки с пирогами очередь на полчаса.", False),
    (119, "", "Начался сет диджея Кирилла Ласточкина: джаз с электроникой.", False),
    (127, "", "Танцпол перед сценой заполнен, охрана просит не стоять на парапете.", False),
    (135, "", "Ласточкин играет записи 1960-х, которые нашёл на барахолке.", False),
    (143, "", "Над рекой прошёл прогулочный теплоход, пассажиры махали сцене.", False),
    (151, "", "Пауза на смену аппаратуры: техники перекатывают рояль.", False),
    (160, "Рояль на сцене", "Пианист Матвей Орешкин открыл вторую половину вечера.", True),
    (168, "", "Орешкин играет собственные импровизации на темы городских песен.", False),
    (176, "", "Стемнело, на набережной включили подсветку мостов.", False),
    (184, "", "Организаторы напоминают: последний автобус от порта уходит в 23:40.", False),
    (192, "", "Орешкин пригласил на сцену контрабасиста из зала — тот согласился.", False),
    (200, "", "Импровизированный дуэт получил самые громкие аплодисменты вечера.", False),
    (208, "Хедлайнер", "Оркестр «Северный ветер» вышел на сцену под бой барабанов.", True),
    (216, "", "Оркестр играет программу, которую готовил к фестивалю полгода.", False),
    (224, "", "Зрители зажгли фонарики телефонов во время медленной композиции.", False),
    (232, "", "Дирижёр поблагодарил волонтёров и попросил убрать за собой мусор.", False),
    (240, "", "Финальная композиция прозвучала вместе со всеми участниками вечера.", False),
    (248, "Фестиваль завершён", "Организаторы объявили даты следующего фестиваля — в июле.", True),
    (255, "", "Площадка пустеет; волонтёры говорят, что мусора почти не осталось.", False),
]

LIVE_ENTRIES = [
    (0, "Начало", "На Соколином поле собрались первые команды со своими змеями.", True),
    (9, "", "Самый большой змей — восьмиметровый кит из парашютного шёлка.", False),
    (18, "", "Ветер усиливается: судьи разрешили запуск в первом заезде.", False),
    (27, "Первый рекорд", "Змей школьной команды из Коломны поднялся выше всех за день.", True),
    (36, "", "В детской мастерской клеят змеев из газет и бамбука.", False),
    (45, "", "Зрители просят не заходить за ленту: стропы режут ладони.", False),
    (54, "", "Второй заезд задерживается: у двух команд спутались лини.", False),
    (63, "", "Судьи объявили перерыв на обед, заезды продолжатся через полчаса.", False),
]


def _paragraph(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


def _add_entries(blog, start, entries, authors) -> None:
    for number, (minutes, title, text, key_event) in enumerate(entries):
        services.add_entry(
            blog,
            title=title,
            body=_paragraph(text),
            key_event=key_event,
            author=authors[number % len(authors)],
            shown_at=start + timedelta(minutes=minutes),
        )


def populate(stdout=None) -> None:
    """Two live blogs in the first rubric (a rerun adds nothing)."""
    if LiveBlogPage.objects.exists():
        return
    rubric = news_content.ensure_rubrics()[0]
    reporters = [
        news_content.ensure_author("Таисия Воронцова"),
        news_content.ensure_author("Глеб Сорокин"),
    ]
    now = timezone.now()
    evening = timezone.localtime(now - timedelta(days=2)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    finished = content.create_live_blog(
        rubric,
        title="Ночь джаза в Речном порту: как это было",
        lead="Восемь концертов, хор речного флота и рояль под открытым небом.",
        published_at=evening,
        status=LiveBlogPage.Status.FINISHED,
        coverage_start=evening,
        coverage_end=evening + timedelta(minutes=FINISHED_ENTRIES[-1][0]),
        authors=reporters,
    )
    _add_entries(finished, evening, FINISHED_ENTRIES, reporters)
    start = now - timedelta(minutes=LIVE_ENTRIES[-1][0] + 5)
    live = content.create_live_blog(
        rubric,
        title="Фестиваль воздушных змеев: онлайн-трансляция",
        lead="Команды со всей области запускают змеев на Соколином поле.",
        published_at=start,
        coverage_start=start,
        telegram_key_events=True,
        authors=reporters[:1],
    )
    _add_entries(live, start, LIVE_ENTRIES, reporters)
    if stdout is not None:
        stdout.write("Онлайн-трансляции: одна завершена, одна идёт (вымышленные).")
