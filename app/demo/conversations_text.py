"""What the demo teachers write after a conference and in a support plan.

Plain data for app.demo.conversations. Placeholders: {name} the student's given name,
{short} the competency in a teacher's shorthand, {level} the level they are working on there,
{target} their goal's level, {new} a level just mastered, {since} the day of their last new
level, {scores} recent scores at the working level, {check} a day to look again.
No pronouns: the notes name the student, so they read right for every child.
"""

from __future__ import annotations

# How a teacher says the demo's Mathematics competencies in a hurry, by competency code.
SHORT = {
    "NO.1": "place value",
    "NO.2": "computation",
    "NO.3": "fractions and ratios",
    "AT.1": "equations",
    "AT.2": "patterns and functions",
    "GE.1": "geometry",
    "GE.2": "transformations and coordinates",
    "ME.1": "units and estimation",
    "ME.2": "area and volume",
    "SP.1": "data",
    "SP.2": "probability",
}

# The academic part of a conference, by what the student's data said that day.
ACADEMIC = {
    "new": (
        "Mastered level {new} of {short} since we last talked, and could explain the last "
        "exit ticket without notes.",
        "Level {new} of {short} is done. We read what level {level} asks for and picked the "
        "first thing to try.",
        "Celebrated level {new} on {short}. The first tries at level {level} are 2s, which is "
        "normal for something new.",
    ),
    "behind": (
        "Went back to level {level} of {short} together; the goal is level {target}, so we "
        "broke the distance into smaller steps.",
        "Still building level {level} of {short}. {name} can do it with the worked example "
        "alongside and loses it without.",
        "A long way to go on {short}. We agreed to take one level at a time, starting with "
        "level {level}.",
        "Working at level {level} of {short}; {name} says the grade-level lessons go too fast. "
        "Talked about what to do when that happens.",
    ),
    "stuck": (
        "No new level since {since}. The scores at level {level} of {short} sit at 1s and 2s, "
        "with a few missed chances.",
        "No new level anywhere since {since}. On level {level} of {short}, {name} knows the "
        "first steps and gets lost in the middle ones.",
        "Nothing new mastered since {since}. Looked at level {level} of {short} together: it "
        "is mostly missed work, not wrong work.",
    ),
    "steady": (
        "Working on level {level} of {short}, on track for the goal of level {target}.",
        "Steady on {short}: level {level} is coming along and the mistakes are small ones now.",
        "Talked through the last problem set on {short} (level {level}); {name} could explain "
        "every step but one.",
        "{name} chose the next practice set at level {level} of {short} without my help.",
    ),
    "ahead": (
        "Already past the goal on {short} and working on level {level}. We talked about a "
        "harder goal.",
        "Moving fast on {short}: level {level} now. {name} wants harder problems, and is ready "
        "for them.",
    ),
}
SCORES = (
    "Last checks at level {level}: {scores}.",
    "Recent scores: {scores}.",
    "Exit tickets at this level: {scores}.",
)
ACADEMIC_NEXT = {
    "new": (
        "{name}: start the level {level} practice set and bring the first exit ticket next "
        "time. Me: pair {name} with a classmate who is on level {level} too.",
        "{name}: read the level {level} 'I can' statement and try the first task by {check}. "
        "Me: check in on it during workshop.",
    ),
    "behind": (
        "{name}: one worked example, then two practice problems at level {level} every "
        "workshop. Me: small group on Tuesdays and Thursdays; exit ticket on {check}.",
        "{name}: use the step card for level {level} and mark where it stops making sense. "
        "Me: sit with {name} for the first ten minutes of workshop until {check}.",
        "{name}: redo the warm-up problems at level {level} with the manipulatives. Me: a "
        "level {level} exit ticket on {check} to see if it holds without them.",
        "{name}: come to the lunchtime help room once this week. Me: pull the small group "
        "for level {level} on {check}.",
    ),
    "stuck": (
        "{name}: redo the last two exit tickets with the worked-example card. Me: try a "
        "different model for level {level} and a quick check on {check}.",
        "{name}: hand in every practice set this week, finished or not. Me: go through them "
        "together on {check} and find the step that breaks.",
        "{name}: talk through one level {level} problem out loud with a partner each day. "
        "Me: listen in and note where it goes wrong; look again on {check}.",
    ),
    "steady": (
        "{name}: finish the level {level} problem set by {check} and mark the two hardest "
        "problems. Me: go over those two together.",
        "{name}: keep going at level {level}; show me the unit check on {check}.",
        "{name}: write one question about level {level} for our next conference. Me: bring "
        "a harder example for {name} to try.",
    ),
    "ahead": (
        "{name}: try the level {level} challenge task and write one question about it. Me: "
        "draft a new goal together on {check}.",
        "{name}: explain the level {level} method to a classmate this week. Me: find a "
        "project task on {short} that stretches further.",
    ),
}

# The habit goals the demo students set (app.demo.learning_text.HABIT_GOALS), by title:
# what a teacher notes about them, and the step agreed.
HABITS: dict[str, tuple[tuple[str, ...], str]] = {
    "Turn in every homework set on time": (
        (
            "Homework: {done} of the last five sets came in on time.",
            "Talked about late homework: {name} does the work, then forgets to hand it in.",
        ),
        "{name}: write due dates in the planner on Monday; I check the planner on Fridays.",
    ),
    "Ask for help when I've been stuck for ten minutes": (
        (
            "The ten-minute rule is working: {name} asked for help twice this week instead of "
            "waiting.",
            "Still waits too long before asking. We practised what to say when stuck.",
        ),
        "{name}: set the timer in workshop and ask as soon as it rings.",
    ),
    "Explain my reasoning in writing on every problem set": (
        (
            "Written reasoning is clearer: most answers on the last set had a 'because'.",
            "Answers are right, explanations are missing. We wrote one together.",
        ),
        "{name}: one 'because' sentence for every answer on the next set.",
    ),
    "Check my answers before I hand in a test": (
        (
            "On the last quiz {name} lost points on two slips a re-check would have caught.",
            "Checking answers is becoming a habit: no careless slips on the last unit check.",
        ),
        "{name}: circle each answer and check it a second way before handing in.",
    ),
    "Keep my math notebook organised so I can study from it": (
        (
            "Notebook check: dates and headings are there; the worked examples are hard to find.",
            "The notebook is tidy now and {name} studied from it for the quiz.",
        ),
        "{name}: start a 'worked examples' page at the back of the notebook.",
    ),
    "Practise math facts for ten minutes every school night": (
        (
            "Facts practice on most nights, and it shows in the warm-ups.",
            "Facts practice slipped this week; {name} says evenings are busy.",
        ),
        "{name}: ten minutes of facts before dinner, ticked on the chart.",
    ),
}
CO_CREATED = "Set a new goal together: {title}."
FIRST_STEP = (
    "{name}: write the goal on the first page of the notebook. Me: ask about it on {check}."
)

# Following up what the student wrote under "what is hard" in a check-in (learning_text.HARD).
FOLLOW_UPS: dict[str, tuple[str, str]] = {
    "Word problems, I don't know where to start.": (
        "Followed up the check-in about word problems: we tried underlining the question "
        "and drawing it first.",
        "{name}: draw a picture before writing anything on the next three word problems.",
    ),
    "Fractions with different denominators still confuse me.": (
        "The check-in said unlike denominators still confuse {name}; fraction strips helped "
        "with halves and quarters.",
        "{name}: two problems with the strips, then two without.",
    ),
    "I ran out of time on the quiz.": (
        "Time on quizzes came up in the check-in: {name} spends too long on the first "
        "question. We practised skipping and coming back.",
        "{name}: on the next quiz, move on after two minutes and come back at the end.",
    ),
    "I was absent on Tuesday and missed the new lesson.": (
        "Caught up on the lesson missed while absent; we went through the worked example.",
        "{name}: finish the make-up problems by {check}.",
    ),
    "Staying focused in the last period.": (
        "The check-in said focus is hard in the last period. Agreed on a seat nearer the "
        "front and a short stretch break.",
        "{name}: try the new seat for two weeks and tell me if it helps.",
    ),
    "Negative numbers when there are two minus signs.": (
        "Two minus signs came up again; the number line helped more than the rule.",
        "{name}: use the number line for every subtraction with negatives this week.",
    ),
    "Remembering the steps when there are lots of them.": (
        "Long procedures are hard to hold on to, so we made a step card for the notebook.",
        "{name}: use the step card, then try one problem without it.",
    ),
}

# Added now and then to a private conference: the part that stays with staff.
PRIVATE = (
    "Seemed tired and flat today; I'll mention it to the counsellor.",
    "Mentioned that evenings are busy at home and nobody can help with homework. Offered "
    "the lunchtime help room.",
    "Quiet in group work lately. Watch who {name} sits with.",
    "Frustrated today and said 'I'm just bad at math.' Keep naming what is going well.",
    "More confident than at the start of the term; asked a question in front of the class.",
    "A parent emailed about homework last week; reply after this conversation.",
)
PRIVATE_BEHIND = (
    "Asked the learning specialist about extra time on unit checks.",
    "Worth raising at the next student support meeting if the small group doesn't help.",
)

# The demo student's three conferences (app.demo.learning writes her goals and PDSA chain):
# (notes, next steps, shared with her). The first is when her co-created goal was set, in
# its first wording; the second follows her first PDSA cycle; the third comes after she
# revised that goal.
STORY = (
    (
        "First proper conference. {name} is working on level {level} of {short} and moving "
        "fast. The tests lose points on small slips, not on understanding, so we set a goal "
        "together: be more careful in math. The ten-minute rule is working: {name} asked for "
        "help three times this week instead of waiting.",
        "{name}: keep using the ten-minute timer in every workshop. Both of us: look for "
        "where the slips happen on the next two quizzes, then reword the 'be careful' goal "
        "so it can be checked.",
        True,
    ),
    (
        "Looked at the first PDSA cycle: flashcards on equivalent fractions took the exit "
        "tickets from 2 out of 5 to 4 out of 5 by Thursday. {name} decided to add two real "
        "problems a night, a good call. Upset about the last quiz and said 'I'm bad at "
        "math'; the data says the opposite. Keep naming the progress out loud.",
        "{name}: flashcards plus two real problems each night, scores in the log. Me: tell "
        "the family about the fractions progress at the fall conference.",
        False,
    ),
    (
        "Fraction exit tickets have been 4 or 5 out of 5 every day since {name} added real "
        "problems after the flashcards: the PDSA cycle worked and the routine moves on to "
        "ratios. Working on level {level} of {short} now. The goal reads 'Check my answers "
        "before I hand in a test', and {name} can tick that off every time.",
        "1. {name}: keep the routine (cards, then two problems) for the ratio unit and write "
        "the exit-ticket score in the log each day. "
        "2. {name}: before handing in Friday's unit check, circle each answer and check it "
        "a second way. "
        "3. Me: bring the ratio challenge set on Monday; we look at the log together on "
        "{check}.",
        True,
    ),
)

# Support plans: what the teacher adds to the flag's reason, and the strategy, by flag kind.
REASON_MORE = {
    "levels_behind": (
        "Lowest in Mathematics on {short}, still working on level {working}.",
        "Gaps show most in {short}, working on level {working}.",
    ),
    "not_progressing": (
        "Stuck on level {working} of {short}; several missed chances.",
        "Scores on {short} (level {working}) stay at 1s and 2s.",
    ),
}
STRATEGIES = {
    ("levels_behind", 2): (
        "Small-group reteach of {short} at level {level} with me, Tuesday and Thursday in "
        "workshop (20 minutes). Worked-example card in the notebook. Exit ticket at level "
        "{level} every Friday.",
        "Fluency warm-up three days a week, then guided practice on {short} at level {level} "
        "in a group of four. Check progress with the level {level} exit tickets.",
        "Pre-teach the next lesson's vocabulary and one example on Monday; small group on "
        "{short} twice a week; a weekly check with a short task at level {level}.",
    ),
    ("levels_behind", 3): (
        "Daily 15 minutes one-to-one on {short} at level {level}, using manipulatives first. "
        "Learning specialist joins on Wednesdays. Call home every two weeks.",
        "Intensive: daily small group of two on {short}, level {level}, with a step card; "
        "extra time on checks; progress graph reviewed with the family.",
    ),
    ("not_progressing", 2): (
        "Break level {level} of {short} into two smaller steps and check each one separately. "
        "Ten-minute check-in every Friday on what was handed in.",
        "Daily practice log for {short}; I look at it on Mondays and Thursdays. Re-teach "
        "level {level} with a different model (number line, area model).",
    ),
    ("not_progressing", 3): (
        "One-to-one, three times a week, on level {level} of {short}; missed work made up in "
        "the lunchtime help room; family meeting at the start.",
    ),
}
