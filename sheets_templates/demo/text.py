"""What the demo school's leaders write: the framework, walkthrough evidence, coaching notes.

Evidence is short, in the framework's language, with the counts observers jot down.
Coaching notes name teachers the way people really do (Ms. Núñez, Will, Grace's, a peer's
room), and use ordinary words that are also first names ("students will", "with grace",
"joy") so a de-identifier that scrubs too eagerly shows it.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from sheets_templates.demo.people import DemoTeacher


@dataclass(frozen=True)
class LookFor:
    """One framework look-for and the phrases the demo writes about it."""

    code: str
    area: str
    indicator: str
    evidence: tuple[str, ...]  # walkthrough evidence; {n} of {m} students
    strength: str  # coaching: what went well
    need: str  # coaching: what to grow
    next_step: str  # coaching: the agreed action


LOOKFORS: tuple[LookFor, ...] = (
    LookFor(
        "CL1",
        "Classroom Culture",
        "Routines and transitions keep learning time",
        (
            "Do-now on the board; {n} of {m} students started within 2 minutes.",
            "Transition to groups took under a minute with a countdown.",
            "Materials were passed out by table captains without prompting.",
        ),
        "the entry routine is tight and students start the do-now on their own",
        "transitions between activities still take four to five minutes",
        "rehearse the transition to groups with a visible timer",
    ),
    LookFor(
        "CL2",
        "Classroom Culture",
        "Respectful, affirming relationships",
        (
            "Greeted students by name at the door.",
            "Redirected off-task talk privately and calmly.",
            "Students thanked peers for building on their ideas.",
        ),
        "relationships are warm; students clearly feel known",
        "a few students at the back table are rarely addressed",
        "track which students get called on for one week and share the tally",
    ),
    LookFor(
        "CL3",
        "Classroom Culture",
        "High expectations are stated and held",
        (
            "Posted the success criteria and referred back to them twice.",
            "Asked a student to revise a one-word answer into a full sentence.",
        ),
        "the bar on complete answers is held every time",
        "success criteria are posted but not used during work time",
        "pause mid-lesson so students self-check against the success criteria",
    ),
    LookFor(
        "IN1",
        "Instruction",
        "Clear learning target tied to grade-level standards",
        (
            "Target written in student language; {n} of {m} students could restate it.",
            "Target on the board but not mentioned during the visit.",
        ),
        "learning targets are clear and in student-friendly language",
        "the target is not revisited at the close of the lesson",
        "close each lesson with a one-minute return to the target",
    ),
    LookFor(
        "IN2",
        "Instruction",
        "Students do the heavy cognitive lifting",
        (
            "Students explained their reasoning to a partner using sentence stems.",
            "Teacher talk was most of the visit; students copied notes.",
            "{n} of {m} students worked the problem before the teacher modelled it.",
        ),
        "students struggle productively before any modelling",
        "teacher talk still takes most of the work period",
        "plan two hinge questions and let students answer before any modelling",
    ),
    LookFor(
        "IN3",
        "Instruction",
        "Questioning pushes for evidence and reasoning",
        (
            "Asked 'How do you know?' after each answer.",
            "Mostly recall questions; one higher-order question at the end.",
        ),
        "follow-up questions ask students to justify their thinking",
        "most questions are recall and go to volunteers",
        "use cold call with wait time for the second question of each round",
    ),
    LookFor(
        "AS1",
        "Assessment",
        "Checks for understanding during the lesson",
        (
            "Whiteboards up: {n} of {m} correct; teacher re-taught the step.",
            "Thumbs check only; no evidence collected.",
        ),
        "checks for understanding are frequent and acted on",
        "checks rely on thumbs up rather than student work",
        "swap the thumbs check for a mini-whiteboard question",
    ),
    LookFor(
        "AS2",
        "Assessment",
        "Exit tickets inform the next lesson",
        (
            "Exit ticket on the target; {n} of {m} turned in before the bell.",
            "Sorted yesterday's exit tickets into three groups for today's warm-up.",
        ),
        "exit tickets are sorted and used to plan the warm-up",
        "exit tickets are collected but not looked at",
        "sort exit tickets into three piles and plan tomorrow's small group from them",
    ),
    LookFor(
        "AS3",
        "Assessment",
        "Feedback is specific and actionable",
        (
            "Wrote one glow and one grow on each draft.",
            "Conferred with {n} students with specific next steps.",
        ),
        "written feedback names one clear next step",
        "feedback is mostly praise without a next step",
        "use a glow-and-grow stamp for the next set of drafts",
    ),
    LookFor(
        "EN1",
        "Engagement",
        "Structured academic talk (turn and talk)",
        (
            "Turn and talk with assigned partners; {n} of {m} pairs on topic.",
            "Partners used the talk moves poster to agree and disagree.",
        ),
        "turn and talk is structured with roles and stems",
        "partner talk drifts off topic after the first minute",
        "give each partner a role and a stem card for the next turn and talk",
    ),
    LookFor(
        "EN2",
        "Engagement",
        "All students participate and are accountable",
        (
            "Cold call with wait time; {n} students answered.",
            "Same three students answered every question.",
        ),
        "everyone is expected to answer; wait time is strong",
        "participation comes from the same few hands",
        "use name sticks for one activity a day",
    ),
    LookFor(
        "EN3",
        "Engagement",
        "Relevant, authentic tasks",
        (
            "Task tied to a local issue; students debated the bus route data.",
            "Worksheet practice with no context.",
        ),
        "tasks connect to students' lives and interests",
        "practice is mostly decontextualised worksheets",
        "rewrite one practice set around a local data set",
    ),
)

NOTES = (
    "Sub in the room.",
    "Fire drill cut the visit short.",
    "Co-taught with Special Ed.",
    "Testing week schedule.",
    "Visited during independent work.",
    "Short visit: called to the office.",
)

COACHING_NOTES = (
    "{T} asked for help planning the unit assessment.",
    "Met during prep; {T} brought student work from period {p}.",
    "We looked at exit tickets together; {f} noticed the pattern before I did.",
    "Students will need more practice before the quiz; {T} agreed.",
    "There was real joy in the discussion today.",
    "{T_pos} class handled the fire drill interruption with grace.",
    "Short check-in; rescheduled the full debrief.",
    "Co-planned with {T} for next week.",
)

NEXT_STEPS = (
    "{T} will {step} and we will look at the results together.",
    "{f} to {step}; I will visit again in period {p}.",
    "Visit {P_pos} room to see how they do it, then {step}.",
    "{step}; follow up next week.",
    "Will {step}? Agreed to try it Thursday.",
)

STRENGTHS = (
    "In {T_pos} room, {strength}.",
    "{f}: {strength}.",
    "Clear growth since last cycle: {strength}.",
)

NEEDS = (
    "{need}.",
    "{T} said that {need}.",
    "As with {P}, {need}.",
)


def evidence_for(rng: random.Random, lookfor: LookFor) -> str:
    """One line of walkthrough evidence for a look-for, with plausible counts."""
    m = rng.randint(18, 32)
    n = rng.randint(m // 2, m)
    return rng.choice(lookfor.evidence).format(n=n, m=m)


def coaching_texts(
    rng: random.Random, teacher: DemoTeacher, peer: DemoTeacher, lookfor: LookFor
) -> tuple[str, str, str, str]:
    """Strengths, needs, notes and next steps for one coaching conversation."""
    period = rng.choice(teacher.periods)
    words = {
        "T": refer_to(rng, teacher),
        "T_pos": possessive(refer_to(rng, teacher)),
        "f": teacher.first,
        "P": f"{peer.title} {peer.last}",
        "P_pos": possessive(rng.choice((f"{peer.title} {peer.last}", peer.first))),
        "p": period,
        "strength": lookfor.strength,
        "need": lookfor.need,
        "step": lookfor.next_step,
    }
    strengths, needs, notes, steps = (
        _sentence(rng.choice(options).format(**words))
        for options in (STRENGTHS, NEEDS, COACHING_NOTES, NEXT_STEPS)
    )
    return strengths, needs, notes, steps


def refer_to(rng: random.Random, teacher: DemoTeacher) -> str:
    """The teacher, named the way a busy coach writes: title and surname, first name, ..."""
    forms = (
        (f"{teacher.title} {teacher.last}", 0.45),
        (teacher.first, 0.25),
        (teacher.name, 0.12),
        (teacher.last, 0.08),
        (_plain(f"{teacher.title} {teacher.last}").lower(), 0.05),  # typed fast, no accents
        (teacher.first[0] + teacher.last[0], 0.05),  # initials
    )
    return rng.choices([f for f, _ in forms], [w for _, w in forms])[0]


def possessive(name: str) -> str:
    return f"{name}'s"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
