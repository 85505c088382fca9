"""What the demo students write: goals, check-in answers, teachers' replies and PDSA chains.

Plain data for app.demo.learning, kept apart so the loader stays readable.
"""

from __future__ import annotations

from app.pdsa.stages import Decision

HABIT_GOALS = (
    ("Turn in every homework set on time", "I lose points for late work even when I get it right."),
    ("Ask for help when I've been stuck for ten minutes", "I waste whole lessons stuck."),
    (
        "Explain my reasoning in writing on every problem set",
        "My answers are right but I can't show how.",
    ),
    ("Check my answers before I hand in a test", "I make small mistakes I could catch."),
    ("Keep my math notebook organised so I can study from it", "I can never find my notes."),
    ("Practise math facts for ten minutes every school night", "Slow facts slow everything down."),
)
STRATEGIES = (
    "Write the due dates in my planner on Monday and tick them off.",
    "Use the 'because…' sentence starter and compare one answer with a partner.",
    "Set a timer; after ten minutes stuck, ask a classmate, then the teacher.",
    "Redo one problem from each test the way the answer key shows.",
    "Ten minutes of practice problems after lunch, three times a week.",
    "Make flashcards for the examples I get wrong and review them on Fridays.",
)
WENT_WELL = (
    "I finished every practice set this week.",
    "I helped Jordan with a problem and understood it better myself.",
    "I got 4 out of 5 on the exit ticket on Thursday.",
    "I asked a question in class even though I was nervous.",
    "I remembered to check my answers and caught two mistakes.",
    "Group work went well, we split the problems fairly.",
    "I kept my notebook tidy and could study from it for the quiz.",
    "I did my ten minutes of practice four nights.",
)
HARD = (
    "Word problems, I don't know where to start.",
    "Fractions with different denominators still confuse me.",
    "I ran out of time on the quiz.",
    "I was absent on Tuesday and missed the new lesson.",
    "Staying focused in the last period.",
    "Nothing really, this week was OK.",
    "Negative numbers when there are two minus signs.",
    "Remembering the steps when there are lots of them.",
)
NEXT_STEPS = (
    "Ask for one more example of a word problem on Monday.",
    "Redo the quiz questions I got wrong.",
    "Use the timer so I stop being stuck for too long.",
    "Practise the steps with the worked example covered.",
    "Finish the make-up work from Tuesday.",
    "Try the challenge problem at the end of the set.",
    "Review my flashcards on Friday before the quiz.",
)
REPLIES = (
    "I noticed that too: your work on Thursday was careful. Keep it up!",
    "Let's look at word problems together on Monday: bring one you found hard.",
    "Great idea to use the timer. Tell me next week if it helped.",
    "Thanks for being honest. Come to the help session on Wednesday at lunch.",
    "Proud of you for asking in class. Questions help everyone.",
)
# Chains of cycles: (change, prediction, measure, happened, recorded, compared, learned,
# decision, next) — the next cycle starts from the decision's "what next".
CHAINS = (
    (
        (
            "Ten minutes of flashcards on equivalent fractions each night",
            "I'll get at least 4 of 5 fraction questions right on exit tickets",
            "My exit-ticket score each day",
            "I did the flashcards on four of five nights.",
            "Mon 2/5, Tue 3/5, Wed 3/5, Thu 4/5, Fri 4/5",
            "Partly right: I reached 4/5 by Thursday, not every day.",
            "Flashcards help, but I need to practise with real problems too.",
            Decision.ADAPT,
            "Keep the flashcards but add two real problems each night",
        ),
        (
            "Flashcards plus two real fraction problems each night",
            "I'll get 4 or 5 out of 5 every day this week",
            "Exit-ticket scores again, so I can compare",
            "I did it every night but Friday.",
            "4/5, 5/5, 4/5, 4/5, 5/5",
            "My prediction was right: every day was 4 or 5.",
            "Doing real problems after the cards makes it stick.",
            Decision.ADOPT,
            "Use the same routine for the next unit on ratios",
        ),
        (
            "Same routine for ratio problems: cards, then two problems",
            "I'll get at least 4 of 5 on the ratio exit tickets",
            "Exit-ticket scores for the ratio unit",
            "",
            "",
            "",
            "",
            None,
            "",
        ),
    ),
    (
        (
            "Set a 10-minute timer and ask for help when it rings",
            "I'll finish the classwork instead of getting stuck on one problem",
            "How many problems I finish each lesson",
            "I used the timer in three lessons.",
            "Finished 6, 8 and 7 problems (usually about 4)",
            "Better than I predicted: I nearly doubled what I finished.",
            "Asking earlier means I don't lose the whole lesson.",
            Decision.ADOPT,
            "Keep using the timer in every math lesson",
        ),
        (
            "Timer in every lesson, and write down what I asked",
            "I'll need help less often by the end of two weeks",
            "A tally of how often the timer rings",
            "",
            "",
            "",
            "",
            None,
            "",
        ),
    ),
    (
        (
            "Write one 'because' sentence for every answer",
            "My teacher will mark fewer answers 'show your thinking'",
            "Count the 'show your thinking' notes on each problem set",
            "I wrote the sentences on two problem sets.",
            "Notes went from 6 to 2",
            "Right, and my scores went up a bit too.",
            "Explaining helps me spot my own mistakes.",
            Decision.ABANDON,
            "Try drawing a diagram instead, the sentences take too long",
        ),
    ),
)
