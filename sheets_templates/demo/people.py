"""The invented people of the demo school: teachers and the three observers.

Every name is made up from the lists below. They are deliberately varied, and include the
names that trip software up: apostrophes (O'Neil), accents (Núñez), hyphens (Brennan-Walsh,
Mei-Ling), a space inside a surname (Van Houten), and first names that are ordinary words
(Will, Grace, Joy, Mark, Hope), so the de-identifier has real work to do.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, replace

# (first name, title). Titles let coaching notes say "Ms. Núñez" the way people write.
FIRST_NAMES: tuple[tuple[str, str], ...] = (
    ("Mei-Ling", "Ms."),
    ("Will", "Mr."),
    ("Grace", "Ms."),
    ("Joy", "Ms."),
    ("Mark", "Mr."),
    ("Hope", "Ms."),
    ("Aisha", "Ms."),
    ("Priya", "Ms."),
    ("Siobhan", "Ms."),
    ("Fatima", "Ms."),
    ("Lucía", "Ms."),
    ("Keisha", "Ms."),
    ("Ngozi", "Ms."),
    ("Hannah", "Ms."),
    ("Yuki", "Ms."),
    ("Rosa", "Ms."),
    ("Amara", "Ms."),
    ("Leila", "Ms."),
    ("Ingrid", "Ms."),
    ("Tamika", "Ms."),
    ("Mariana", "Ms."),
    ("DeShawn", "Mr."),
    ("José", "Mr."),
    ("Kwame", "Mr."),
    ("Tomasz", "Mr."),
    ("Rahul", "Mr."),
    ("Darius", "Mr."),
    ("Hiroshi", "Mr."),
    ("Omar", "Mr."),
    ("Liam", "Mr."),
    ("Mateo", "Mr."),
    ("Andre", "Mr."),
    ("Samuel", "Mr."),
    ("Tuan", "Mr."),
    ("Jamal", "Mr."),
    ("Ezra", "Mr."),
    ("Connor", "Mr."),
    ("Diego", "Mr."),
    ("Rowan", "Mx."),
    ("Sage", "Mx."),
    ("River", "Mx."),
    ("Bao", "Ms."),
    ("Anneliese", "Ms."),
)
ALWAYS_FIRST = ("Mei-Ling", "Will", "Grace", "Joy")

LAST_NAMES: tuple[str, ...] = (
    "O'Neil",
    "Núñez",
    "Brennan-Walsh",
    "Van Houten",
    "Nguyen",
    "Okafor",
    "Kowalski",
    "García",
    "Washington",
    "Cohen",
    "Patel",
    "Kim",
    "Yamamoto",
    "Haddad",
    "Ramírez",
    "Johansson",
    "Begay",
    "MacDonald",
    "DeLuca",
    "Schmidt",
    "Rossi",
    "Mensah",
    "Chen",
    "Abernathy",
    "Young",
    "Fitzgerald",
    "Al-Sayed",
    "Dubois",
    "Novak",
    "Takahashi",
    "Osei",
    "Herrera",
    "Lindqvist",
    "Bianchi",
    "Adeyemi",
    "Morales",
    "Goldberg",
    "Sánchez",
    "Park",
    "Jackson",
    "Baptiste",
    "Singh",
    "Wojcik",
    "Afolabi",
)
ALWAYS_LAST = ("O'Neil", "Núñez", "Brennan-Walsh")

OBSERVER_FIRST = ("Renée", "Marcus", "Tanisha", "Colm", "Esperanza", "Viktor", "Adaeze", "Ruth")
OBSERVER_LAST = ("Castellanos", "Okonkwo", "Lindgren", "Haverford", "Oyelaran", "Kaczmarek")

EMAIL_DOMAIN = "demo-school.org"
PERIODS = tuple(range(1, 8))

# Department, how many teachers, and the subject names a walkthrough form would show.
DEPARTMENTS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("Math", 8, ("Math",)),
    ("ELA", 8, ("ELA",)),
    ("Science", 6, ("Science",)),
    ("Social Studies", 6, ("Social Studies",)),
    ("Arts", 4, ("Art", "Music", "Band", "Drama")),
    ("PE", 3, ("PE",)),
    ("Special Ed", 5, ("Resource ELA", "Resource Math", "Co-taught")),
)
GRADES = (6, 7, 8)
CORE = frozenset({"Math", "ELA", "Science", "Social Studies"})


@dataclass(frozen=True)
class DemoTeacher:
    """One invented teacher, with the habits the walkthrough generator needs."""

    teacher_id: str
    first: str
    last: str
    title: str
    email: str
    room: int | str
    grade: int | str
    department: str
    subject: str
    years: int
    periods: tuple[int, ...]  # periods taught; the Roster shows them only when listed
    periods_listed: bool
    start_date: dt.date | None = None  # joined mid-year
    left_after: dt.date | None = None  # last day taught, for a teacher who left
    visit_weight: float = 1.0  # how often leaders drop in, relative to colleagues

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    def teaches_on(self, day: dt.date) -> bool:
        started = self.start_date is None or self.start_date <= day
        return started and (self.left_after is None or day <= self.left_after)

    def active_on(self, as_of: dt.date) -> bool:
        return self.left_after is None or as_of <= self.left_after


@dataclass(frozen=True)
class DemoObserver:
    """One leader who makes walkthroughs: principal, assistant principal or coach."""

    name: str
    role: str
    visits_per_day: tuple[int, ...]  # possible counts on a day in the building
    visit_weights: tuple[float, ...]
    period_weights: tuple[float, ...]  # one per period 1-7
    away_rate: float  # share of school days with no visits (meetings, district)
    new_teacher_pull: float = 1.0  # how much more often new teachers (0-2 years) are visited
    uses_roadmap_words: bool = False  # sometimes writes Coach for Reflective

    def preference(self, teacher: DemoTeacher) -> float:
        return self.new_teacher_pull if teacher.years <= 2 else 1.0


def email_for(first: str, last: str) -> str:
    """`first.last@demo-school.org`, ASCII, no apostrophes or spaces."""

    def plain(text: str) -> str:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return "".join(ch for ch in folded.casefold() if ch.isalnum() or ch == "-")

    return f"{plain(first)}.{plain(last)}@{EMAIL_DOMAIN}"


def make_teachers(
    rng: random.Random, left_dates: tuple[dt.date, dt.date], joiner_start: dt.date
) -> list[DemoTeacher]:
    """Forty teachers, two who leave on `left_dates`, and one who joins on `joiner_start`."""
    firsts = _names_with(rng, [f for f, _ in FIRST_NAMES], ALWAYS_FIRST, 41)
    lasts = _names_with(rng, list(LAST_NAMES), ALWAYS_LAST, 41)
    titles = dict(FIRST_NAMES)
    slots = [
        (department, subjects[i % len(subjects)], i)
        for department, count, subjects in DEPARTMENTS
        for i in range(count)
    ]
    rarely_seen = _rarely_seen(rng, slots)
    teachers = []
    for number, ((department, subject, i), first, last) in enumerate(
        zip(slots, firsts, lasts, strict=False), start=1
    ):
        grade: int | str = GRADES[i % 3] if department in CORE | {"Special Ed"} else "6-8"
        prep = rng.choice(PERIODS)
        teachers.append(
            DemoTeacher(
                teacher_id=f"T{number:03d}",
                first=first,
                last=last,
                title="Dr." if number == 17 else titles[first],
                email=email_for(first, last),
                room=_room(department, subject, grade, i),
                grade=grade,
                department=department,
                subject=f"{subject} {grade}" if department in CORE else subject,
                years=_years(rng),
                periods=tuple(p for p in PERIODS if p != prep),
                periods_listed=rng.random() > 0.12,
                visit_weight=0.06 if number in rarely_seen else rng.lognormvariate(0, 0.55),
            )
        )
    # Two teachers leave; a new teacher takes over the first one's classes after break.
    leaver, other = rng.sample([t for t in teachers if t.department in CORE], 2)
    teachers[teachers.index(leaver)] = replace(leaver, left_after=left_dates[0])
    teachers[teachers.index(other)] = replace(other, left_after=left_dates[1])
    joiner = DemoTeacher(
        teacher_id=f"T{len(teachers) + 1:03d}",
        first=firsts[40],
        last=lasts[40],
        title=titles[firsts[40]],
        email=email_for(firsts[40], lasts[40]),
        room=leaver.room,
        grade=leaver.grade,
        department=leaver.department,
        subject=leaver.subject,
        years=0,
        periods=leaver.periods,
        periods_listed=True,
        start_date=joiner_start,
        visit_weight=1.6,  # new teachers get visited a lot
    )
    return [*teachers, joiner]


def make_observers(rng: random.Random) -> list[DemoObserver]:
    """Principal (mostly mornings), assistant principal, and instructional coach."""
    firsts = rng.sample(OBSERVER_FIRST, 3)
    lasts = rng.sample(OBSERVER_LAST, 3)
    morning = (6.0, 6.0, 6.0, 6.0, 0.6, 0.6, 0.6)
    spread = (1.0,) * 7
    names = [f"{first} {last}" for first, last in zip(firsts, lasts, strict=True)]
    return [
        DemoObserver(names[0], "Principal", (1, 2, 3, 4), (1, 3, 4, 3), morning, 0.08),
        DemoObserver(
            names[1],
            "Assistant Principal",
            (2, 3, 4, 5),
            (2, 4, 3, 2),
            spread,
            0.06,
            uses_roadmap_words=True,
        ),
        DemoObserver(
            names[2], "Instructional Coach", (3, 4, 5, 6), (2, 3, 3, 2), spread, 0.05, 3.0
        ),
    ]


def _names_with(rng: random.Random, pool: list[str], always: tuple[str, ...], n: int) -> list[str]:
    """`n` distinct names including `always`, which stay clear of the last (mid-year) slot."""
    rest = rng.sample([name for name in pool if name not in always], n - len(always))
    names = [*always, *rest[:-1]]
    rng.shuffle(names)
    return [*names, rest[-1]]


def _rarely_seen(rng: random.Random, slots: list[tuple[str, str, int]]) -> set[int]:
    """Teacher numbers leaders seldom visit: an elective, a PE and a Special Ed teacher."""
    numbers = []
    for department in ("Arts", "PE", "Special Ed"):
        candidates = [n for n, slot in enumerate(slots, start=1) if slot[0] == department]
        numbers.append(rng.choice(candidates))
    return set(numbers)


def _room(department: str, subject: str, grade: int | str, i: int) -> int | str:
    if department == "Arts":
        return {"Art": "Art 1", "Music": "Music", "Band": "Band Room", "Drama": "Theater"}[subject]
    if department == "PE":
        return f"Gym {'ABC'[i]}"
    floor = {6: 100, 7: 200, 8: 300}[int(grade)]
    offset = {"Math": 1, "ELA": 5, "Science": 9, "Social Studies": 13, "Special Ed": 17}
    return floor + offset[department] + i // 3


def _years(rng: random.Random) -> int:
    if rng.random() < 0.15:
        return rng.choice((0, 1))
    return min(30, round(rng.triangular(2, 30, 8)))
