"""The demo district's two continua, as data: Mathematics and Transferable skills, levels 1–12.

Level k is what we expect by the end of grade k, so the "I can…" statements grow from what a
six-year-old can show with objects to what a high-school senior can defend in front of
strangers. Pure: no database here; `app.demo.continuum` turns these specs into rows.
Each competency is one block of text: code and title, then one descriptor a line, level 1 first.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.continuum.mastery import Method

LEVELS = tuple(range(1, 13))
ACADEMIC, TRANSFERABLE = "academic", "transferable"  # CompetencyKind values


@dataclass(frozen=True)
class CompetencySpec:
    code: str
    title: str
    descriptors: tuple[str, ...]  # one per level, level 1 first


@dataclass(frozen=True)
class StrandSpec:
    code: str
    title: str
    competencies: tuple[CompetencySpec, ...]


@dataclass(frozen=True)
class FrameworkSpec:
    """A framework, its competencies' kind and the calculation method it shows off."""

    identifier: str
    name: str
    description: str
    kind: str
    method: Method
    strands: tuple[StrandSpec, ...]
    minimum_evidence: int = 2
    decay_weight: Decimal = Decimal("0.65")
    last_n: int = 3

    @property
    def competencies(self) -> tuple[CompetencySpec, ...]:
        return tuple(c for strand in self.strands for c in strand.competencies)


def _competency(text: str) -> CompetencySpec:
    """A block of text: the code and title on the first line, then one descriptor a line."""
    heading, *descriptors = (line.strip() for line in text.strip().splitlines())
    code, title = heading.split(" ", 1)
    if len(descriptors) != len(LEVELS):  # A missing line would shift every level after it.
        raise ValueError(f"{code} has {len(descriptors)} descriptors, not {len(LEVELS)}")
    return CompetencySpec(code, title, tuple(descriptors))


# --- Mathematics -----------------------------------------------------------------------------

_PLACE_VALUE = _competency("""
NO.1 Understanding numbers and place value
I can count, read and write numbers to 120 and tell which of two numbers is bigger.
I can explain what each digit means in a three-digit number and compare numbers to 1,000.
I can round whole numbers to the nearest 10 or 100 and place them on a number line.
I can read, write and compare whole numbers to one million using place value.
I can read, write, compare and round decimals to thousandths.
I can order positive and negative numbers and explain what they mean in real situations.
I can explain why every fraction is a decimal that either stops or repeats.
I can tell rational from irrational numbers and estimate square roots on a number line.
I can explain what a fractional exponent means and rewrite radicals as powers.
I can explain why sums and products of rational and irrational numbers are rational or not.
I can add, subtract and multiply complex numbers and place them on the complex plane.
I can write complex numbers in polar form and explain what multiplying them does to a point.
""")

_COMPUTATION = _competency("""
NO.2 Computing fluently and flexibly
I can add and subtract within 20 and explain the strategy I used.
I can add and subtract within 1,000 using place value, and check my answer another way.
I can multiply and divide within 100 and know my times tables by heart.
I can multiply a four-digit number by a one-digit number and divide with remainders.
I can multiply multi-digit numbers and divide by two-digit numbers, showing my method.
I can divide multi-digit numbers fluently and add, subtract, multiply and divide decimals.
I can add, subtract, multiply and divide positive and negative numbers, including fractions.
I can use integer exponents and scientific notation to compare very large and small numbers.
I can round answers to a sensible precision when I solve multi-step problems.
I can simplify and compute with radicals and expressions with rational exponents.
I can add, subtract and multiply polynomials and explain why the result is a polynomial.
I can use the binomial theorem and sigma notation to expand powers and sum series.
""")

_PROPORTION = _competency("""
NO.3 Fractions, ratios and proportional reasoning
I can split shapes into two or four equal shares and call them halves and fourths.
I can split shapes into halves, thirds and fourths and explain that equal shares can look different.
I can place fractions on a number line and compare fractions with the same top or bottom number.
I can find equivalent fractions and add and subtract fractions with like denominators.
I can add and subtract fractions with unlike denominators and multiply fractions.
I can use ratios and unit rates to compare quantities and solve percent problems.
I can recognise proportional relationships and solve multi-step percent problems, like discounts.
I can compare proportional relationships in tables, graphs and equations, reading slope as a rate.
I can use units to plan a solution, convert rates when needed and check that answers make sense.
I can solve problems with similar figures and scale factors using proportional reasoning.
I can model growth and decay with percent rates of change, such as compound interest.
I can estimate rates of change from data and graphs and explain what they mean in context.
""")

_EQUATIONS = _competency("""
AT.1 Expressions and equations
I can find the missing number in an addition or subtraction fact, like 8 + ? = 11.
I can write an equation with a symbol for the unknown to show a one-step word problem.
I can solve two-step word problems with the four operations and check that my answer is reasonable.
I can write equations with a letter for the unknown to represent multi-step word problems.
I can write and evaluate numerical expressions using parentheses and the order of operations.
I can write and evaluate expressions with variables and solve one-step equations.
I can solve two-step equations and inequalities and graph the solutions on a number line.
I can solve linear equations with variables on both sides and systems of two linear equations.
I can rearrange formulas and solve quadratic equations by factoring and completing the square.
I can solve systems of equations and inequalities, including a line with a curve.
I can solve exponential and logarithmic equations and explain where extra solutions come from.
I can solve trigonometric equations and justify the equations I choose to model a situation.
""")

_FUNCTIONS = _competency("""
AT.2 Patterns, relationships and functions
I can continue a pattern of shapes or numbers and say what comes next.
I can describe the rule of a skip-counting pattern, like counting by 5s or 10s.
I can spot patterns in addition and multiplication tables and explain why they happen.
I can make a pattern that follows a rule and point out features the rule does not state.
I can build two number patterns from two rules, graph the pairs and say how they relate.
I can use a table and a graph to show how one quantity changes with another.
I can write an equation like y = kx for a proportional relationship and explain what k means.
I can tell whether a relationship is a function and compare linear functions in different forms.
I can use function notation and read intercepts, maximums and rate of change from a graph.
I can build linear, quadratic and exponential models and choose the one that fits a situation.
I can transform functions, find inverses and use logarithms as the inverse of exponentials.
I can model repeating situations with sine and cosine and explain amplitude, period and phase.
""")

_SHAPES = _competency("""
GE.1 Shapes and geometric reasoning
I can name and build flat and solid shapes and say what makes a shape a triangle or a square.
I can draw shapes with a given number of sides or angles and name triangles, pentagons and hexagons.
I can sort four-sided shapes by their sides and angles and explain why a square is a rectangle.
I can draw and measure angles in degrees and sort shapes by parallel and perpendicular sides.
I can classify two-dimensional figures in a hierarchy based on their properties.
I can draw nets of solid figures and explain which faces, edges and vertices meet.
I can draw triangles from given conditions and use angle facts to find unknown angles.
I can explain a proof of the Pythagorean theorem and use it to find lengths in 2D and 3D.
I can prove statements about lines, angles and triangles with a logical chain of reasons.
I can prove triangles similar or congruent and use trigonometric ratios in right triangles.
I can prove and use theorems about circles, including arcs, chords, tangents and inscribed angles.
I can use the laws of sines and cosines in any triangle and use geometry to solve design problems.
""")

_POSITION = _competency("""
GE.2 Position, transformations and coordinates
I can use words like above, below, beside and between to say where things are.
I can describe a path from one place to another on a grid using steps and turns.
I can find and describe lines of symmetry in shapes and pictures.
I can recognise a shape that has been flipped, slid or turned, and draw lines of symmetry.
I can plot points on a coordinate grid and use them to solve real-world problems.
I can plot points in all four quadrants and find distances between points that share an x or y.
I can make a scale drawing and reproduce it at a different scale.
I can describe translations, reflections, rotations and dilations using coordinates.
I can use slope and distance on a coordinate grid to prove what kind of shape a figure is.
I can define transformations precisely and use them to explain congruence and similarity.
I can write the equation of a circle or parabola from its geometric description.
I can use vectors and matrices to represent and combine transformations of the plane.
""")

_UNITS = _competency("""
ME.1 Units, tools and estimation
I can compare and order objects by length and measure with same-size units, like cubes.
I can choose a ruler or tape, measure in inches or centimeters, and estimate lengths first.
I can tell time to the minute, work out elapsed time and measure liquid volume and mass.
I can convert within one measurement system, such as feet to inches or kilograms to grams.
I can convert between units in multi-step real problems and show each conversion.
I can use unit rates to convert measurement units, including between customary and metric.
I can solve problems with scale, such as reading a map or building a scale model.
I can work with very large and very small measurements using scientific notation and units.
I can choose units in formulas and pick a sensible level of accuracy for an answer.
I can use derived units such as density, speed and flow rate to solve design problems.
I can measure angles in radians and convert between radians and degrees.
I can analyse the error in a measurement and explain how it carries into a calculated result.
""")

_AREA_VOLUME = _competency("""
ME.2 Area, perimeter and volume
I can compare two shapes and say which one covers more space.
I can cover a rectangle with same-size squares and count them to find how much space it covers.
I can find area by counting unit squares and by multiplying side lengths, and find perimeter.
I can use area and perimeter formulas for rectangles to solve real problems.
I can find the volume of a box by packing cubes and by using volume = length × width × height.
I can find the area of triangles and polygons and the surface area of prisms from their nets.
I can find the circumference and area of a circle and the volume of prisms.
I can find the volume of cylinders, cones and spheres and use them to solve problems.
I can find the surface area and volume of composite solids in design problems.
I can explain the volume formulas for cylinders, pyramids and cones by slicing.
I can find arc lengths and sector areas, and say how area and volume change under scaling.
I can estimate the area under a curve with rectangles and explain how to make the estimate better.
""")

_DATA = _competency("""
SP.1 Collecting and interpreting data
I can sort objects into up to three groups, count them and say which group has the most.
I can make a picture graph and a bar graph and answer questions about them.
I can draw scaled bar graphs and line plots and solve "how many more" problems with them.
I can make a line plot of measurements in fractions of a unit and use it to solve problems.
I can collect data to answer a question and choose a graph that shows it clearly.
I can describe a data set by its center, spread and shape, using mean, median and range.
I can use random samples to draw conclusions about a population and compare two groups.
I can make a scatter plot, describe the association and fit a line to it.
I can compare the center and spread of data sets using box plots and standard deviation.
I can fit a function to data, judge the fit with residuals and tell correlation from causation.
I can use simulation and margins of error to decide whether a result could be due to chance.
I can design a survey, experiment or observational study and defend the conclusions it supports.
""")

_CHANCE = _competency("""
SP.2 Chance and probability
I can describe events as sure to happen, might happen or impossible.
I can use words like likely, unlikely and equally likely for everyday events.
I can predict which outcome is more likely in a simple game and test my prediction.
I can list all the possible outcomes of an experiment, like rolling a number cube.
I can describe the chance of an event as a fraction from 0 to 1.
I can run a probability experiment and compare what happened with what I expected.
I can find probabilities of compound events using lists, tables and tree diagrams.
I can design and run a simulation to estimate the probability of a compound event.
I can use two-way tables to find relative frequencies and decide whether events are independent.
I can use conditional probability and the addition and multiplication rules to solve problems.
I can count outcomes with permutations and combinations and use them to find probabilities.
I can use expected value to compare strategies and make fair decisions.
""")

MATHEMATICS = FrameworkSpec(
    identifier="demo-mathematics",
    name="Mathematics",
    description="Harbor Valley's mathematics continuum, kindergarten through grade 12.",
    kind=ACADEMIC,
    method=Method.DECAYING_AVERAGE,
    strands=(
        StrandSpec("NO", "Number and Operations", (_PLACE_VALUE, _COMPUTATION, _PROPORTION)),
        StrandSpec("AT", "Algebraic Thinking", (_EQUATIONS, _FUNCTIONS)),
        StrandSpec("GE", "Geometry", (_SHAPES, _POSITION)),
        StrandSpec("ME", "Measurement", (_UNITS, _AREA_VOLUME)),
        StrandSpec("SP", "Statistics and Probability", (_DATA, _CHANCE)),
    ),
)

# --- Transferable skills ---------------------------------------------------------------------

_GOALS = _competency("""
SD.1 Setting and working toward goals
I can say one thing I want to get better at, with help from my teacher.
I can choose a goal for the week and tell someone how I will know I reached it.
I can set a learning goal and list two steps I will take to reach it.
I can set a goal, check my progress each week and say what helped or got in the way.
I can write a goal that is specific and has a date, and keep track of my progress toward it.
I can set short-term goals that build toward a bigger one and change my plan when it isn't working.
I can use feedback and my own data to choose a goal that stretches me but is realistic.
I can set goals across subjects, predict what will be hard and plan how I will get help.
I can plan a change, try it, study what happened and decide what to do next.
I can set goals that connect my learning to interests beyond school and track several at once.
I can set and adjust long-range goals for after high school, using evidence of my progress.
I can lead my own learning plan, defend my choices with evidence and help others set goals.
""")

_TIME = _competency("""
SD.2 Managing my time and work
I can get ready for a task and finish it with reminders from an adult.
I can follow a short checklist and put my materials away when I am done.
I can start work without a reminder and keep going for fifteen minutes.
I can use a planner to write down my tasks and when they are due.
I can break a project into steps, estimate how long each will take and hand work in on time.
I can decide what to do first when I have several tasks and explain why.
I can plan my week, leave time for revision and adjust when something takes longer than I thought.
I can manage a long project with milestones and notice early when I am falling behind.
I can balance schoolwork, activities and home duties, and ask for a new deadline respectfully.
I can manage several long-term projects at once using tools that suit the way I work.
I can plan a term of independent work with little supervision and keep my commitments to others.
I can set priorities, protect time to focus and review how well my planning habits work.
""")

_TEAM = _competency("""
CO.1 Contributing to a team
I can take turns and share materials when I work with a partner.
I can do my part of a partner task and help my partner when they are stuck.
I can follow our group agreements, do my job in the group and listen to other people's ideas.
I can take on a role in a group, like recorder or timekeeper, and do it well.
I can help my group agree on a plan and make sure everyone has a part.
I can help my group settle a disagreement by looking for a solution we can all accept.
I can share leadership, build on others' ideas and check that quieter members are heard.
I can help set group norms and hold myself and others to them respectfully.
I can organise a team project: divide roles by strengths, track progress and keep us moving.
I can work with people whose views differ from mine and use those differences to improve our work.
I can facilitate a group meeting so that it reaches a clear decision.
I can lead a team through a long, complex project and help it reflect on how it worked together.
""")

_FEEDBACK = _competency("""
CO.2 Giving and receiving feedback
I can say something I like about a classmate's work.
I can listen to feedback about my work and try one idea from it.
I can give a classmate one kind and helpful suggestion using a sentence starter.
I can give feedback that is kind, specific and helpful, and thank people for theirs.
I can use a rubric to give a classmate feedback and use feedback to revise my own work.
I can ask for the feedback I need and explain what I changed because of it.
I can give feedback that points to evidence in the work and suggests a next step.
I can take critical feedback calmly, ask questions to understand it and decide what to act on.
I can run a peer critique protocol with my group and keep it focused on the work.
I can give honest feedback on high-stakes work and seek critique from people with expertise.
I can give and receive feedback across teams and use it to improve a shared product.
I can coach others to give useful feedback and build a habit of critique in my team.
""")

_EXPLAINING = _competency("""
CM.1 Explaining my thinking
I can tell a partner how I solved a problem using words, pictures or objects.
I can explain my thinking in a few sentences and show it with a drawing.
I can explain my answer in order, using words like first, next and last.
I can explain my reasoning clearly and use an example or evidence to support it.
I can present my ideas to a group, speaking clearly and using a visual to help.
I can organise an explanation for my audience and use precise vocabulary.
I can present a claim with reasons and evidence, and answer questions about it.
I can change how I explain something for different audiences and purposes.
I can give a well-organised presentation that uses data and visuals to make an argument.
I can explain complex ideas in writing and speech so that someone new to the topic can follow.
I can present and defend my work to an outside audience and respond to challenges thoughtfully.
I can carry one argument through a report, a talk and a visual, each suited to its audience.
""")

_LISTENING = _competency("""
CM.2 Listening and responding
I can look at the speaker and wait for my turn to talk.
I can listen to a classmate and repeat back what they said.
I can ask a question about what someone said to learn more.
I can build on what someone else said by adding my own idea.
I can sum up what a speaker said and ask a question that moves the discussion forward.
I can follow a discussion, connect ideas from different speakers and disagree respectfully.
I can restate a point of view I do not share accurately before I respond to it.
I can listen for evidence in what others say and question claims that lack support.
I can keep a discussion on track by asking clarifying questions and summing up where we are.
I can listen across differences in culture and experience and respond in a way that shows it.
I can draw many views in a discussion together and show where people agree and where they differ.
I can lead a discussion in which every voice is heard and the group reaches a deeper understanding.
""")

TRANSFERABLE_SKILLS = FrameworkSpec(
    identifier="demo-transferable-skills",
    name="Transferable skills",
    description="Habits of success that every course builds: self-direction, collaboration and "
    "communication.",
    kind=TRANSFERABLE,
    method=Method.MEAN_OF_LAST_N,
    strands=(
        StrandSpec("SD", "Self-direction", (_GOALS, _TIME)),
        StrandSpec("CO", "Collaboration", (_TEAM, _FEEDBACK)),
        StrandSpec("CM", "Communication", (_EXPLAINING, _LISTENING)),
    ),
)

FRAMEWORKS = (MATHEMATICS, TRANSFERABLE_SKILLS)
