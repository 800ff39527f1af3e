package dev.quarry.corpora.text;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What people ask a general-purpose assistant: topics (travel, cooking, writing help, health,
 * finance, relationships, tech support, science curiosity, ...), each with slot-filled openers,
 * topic follow-ups and short assistant replies. Written for Quarry; no text is taken from any
 * public dataset. Stateless and thread-safe.
 */
public final class ChatPhrases {

    /**
     * One conversational topic.
     *
     * @param name short label, for tests and debugging
     * @param openers first messages of a session, as {@link Grammar} templates
     * @param followUps later messages that stay on the topic
     * @param replies the assistant's (abridged) answers
     */
    public record Topic(String name, List<String> openers, List<String> followUps, List<String> replies) {
        public Topic {
            openers = List.copyOf(openers);
            followUps = List.copyOf(followUps);
            replies = List.copyOf(replies);
        }
    }

    private static final Grammar G = Grammar.builder()
            // travel
            .slot("city", "Lisbon", "Kyoto", "Mexico City", "Edinburgh", "Marrakesh", "Vancouver", "Hanoi",
                    "Budapest", "Cape Town", "Reykjavik", "Buenos Aires", "Seoul", "Porto", "Tbilisi",
                    "Copenhagen", "Istanbul", "Oaxaca", "Bologna", "Tallinn", "Melbourne", "Cusco",
                    "Krakow", "Valencia", "Chiang Mai", "Montreal", "Dubrovnik", "Hobart", "Seville")
            .slot("days", "two", "three", "four", "five", "seven", "ten", "2", "3", "4", "5", "6")
            .slot("budget", "", " on a budget", " with kids", " for a honeymoon", " without a car",
                    " for under 800 euros", " as a solo traveller", " with my parents")
            .slot("season", "spring", "late autumn", "winter", "the rainy season", "early summer", "August")
            .slot("month", "January", "February", "March", "April", "May", "June", "July", "September",
                    "October", "November", "December")
            .slot("weatherAdj", "hot", "cold", "crowded", "rainy", "windy", "touristy")
            .slot("transport", "by train", "cheaply", "overnight", "with a bike", "by bus", "fast")
            .slot("hours", "5", "6", "7", "8", "9", "11", "14")
            .slot("foodAdj", "vegetarian", "cheap", "local", "late-night", "kid-friendly", "seafood")
            .slot("companion", "a toddler", "a dog", "my grandmother", "a wheelchair user", "two teenagers")
            // cooking
            .slot("dish", "banana bread", "pad thai", "lasagne", "shakshuka", "a sourdough loaf",
                    "chicken curry", "risotto", "brownies", "pancakes", "mushroom soup", "falafel",
                    "carbonara", "a lemon tart", "dumplings", "chili", "focaccia", "paella", "gnocchi")
            .slot("ingredient", "eggs", "butter", "milk", "flour", "sugar", "garlic", "onions", "cream",
                    "rice", "chickpeas", "tofu", "spinach", "lentils", "yoghurt", "honey", "soy sauce",
                    "coconut milk", "feta", "leftover potatoes", "a tin of tomatoes", "frozen peas")
            .slot("cookMethod", "roast", "boil", "bake", "grill", "slow-cook", "air-fry", "poach")
            .slot("protein", "a whole chicken", "salmon fillets", "pork shoulder", "hard-boiled eggs",
                    "chicken thighs", "a 2 kg brisket", "prawns", "sweet potatoes", "a leg of lamb")
            .slot("diet", "vegan", "gluten-free", "low-salt", "dairy-free", "high-protein", "keto")
            .slot("people", "2", "4", "6", "8", "12", "twenty")
            // writing
            .slot("docType", "an email", "a short note", "a complaint letter", "a thank-you card",
                    "a LinkedIn message", "a resignation letter", "a toast", "an apology text")
            .slot("recipient", "my landlord", "my boss", "a client", "my neighbour", "my kid's teacher",
                    "the council", "an old friend", "my team", "a recruiter")
            .slot("subject", "a late payment", "a noisy party", "a missed deadline", "a promotion",
                    "a broken heater", "a wedding", "moving abroad", "a refund", "a new project")
            .slot("tone", "formal", "friendly", "confident", "polite", "casual", "professional", "warm")
            .slot("sentence", "I wanted to reach out about the thing we discussed last week",
                    "sorry for the delay, things have been crazy here",
                    "we regret to inform you that your order cannot be processed",
                    "I think we should maybe consider pushing the launch",
                    "please find attached the documents you asked for",
                    "I am writing to complain about the service I received on Saturday",
                    "thanks so much for everything you did for us this year",
                    "just circling back on my previous email regarding the invoice",
                    "per our conversation, the meeting is moved to thursday",
                    "I would like to request a refund for my recent purchase",
                    "we are excited to announce our new opening hours",
                    "I'm not sure if this is the right person to ask but here goes")
            .slot("count", "3", "5", "five", "ten", "a few", "7")
            .slot("blogSubject", "minimalist living", "learning to code at 40", "urban gardening",
                    "remote work burnout", "budget travel in Asia", "raising chickens", "home espresso")
            .slot("job", "data analyst", "nurse", "software engineer", "teacher", "project manager",
                    "UX designer", "accountant", "electrician", "marketing coordinator", "pharmacist")
            .slot("jobA", "a data analyst", "a nurse", "a software engineer", "a teacher", "a project manager",
                    "a UX designer", "an accountant", "an electrician", "a marketing coordinator", "a pharmacist",
                    "an architect", "a paralegal")
            // health
            .slot("symptom", "feel dizzy", "get a headache", "have sore knees", "feel really tired",
                    "get heartburn", "have trouble sleeping", "feel my heart racing")
            .slot("activity", "running", "drinking coffee", "a long flight", "lifting weights",
                    "eating late", "a night shift", "yoga", "donating blood")
            .slot("bodyPart", "lower back", "neck", "shoulder", "hip", "wrist", "knee")
            .slot("nutrient", "protein", "vitamin D", "iron", "fibre", "calcium", "water", "caffeine")
            .slot("age", "25", "30", "35", "40", "45", "52", "60", "68", "71")
            .slot("symptomNoun", "a dry cough", "a rash on my arm", "ringing in my ears", "a sore throat",
                    "a twitching eyelid", "heel pain", "a blocked nose")
            .slot("duration", "two days", "a week", "three weeks", "a month", "since Christmas")
            // finance
            .slot("debt", "student loan", "credit card", "car loan", "overdraft", "mortgage")
            .slot("investment", "an index fund", "my pension", "a savings account", "bonds", "ETFs")
            .slot("finConcept", "compound interest", "an ETF", "a Roth IRA", "inflation", "a credit score",
                    "capital gains tax", "dollar-cost averaging", "an annuity", "a bond yield")
            .slot("amount", "10,000", "25k", "50,000", "a house deposit", "100k", "an emergency fund")
            .slot("years", "2", "3", "5", "8", "10", "15")
            .slot("finAction", "refinance", "buy a house", "lease a car", "open a second credit card",
                    "move my savings", "cash out my shares")
            .slot("finCondition", "interest rates are high", "I'm self-employed", "I just changed jobs",
                    "I have no emergency fund", "prices keep going up", "I'm about to retire")
            // relationships
            .slot("relation", "partner", "roommate", "sister", "best friend", "dad", "coworker",
                    "mother-in-law", "teenage son", "boyfriend", "girlfriend", "husband", "wife")
            .slot("behaviour", "leaving dishes in the sink", "cancelling plans last minute",
                    "checking their phone at dinner", "borrowing money", "interrupting me",
                    "forgetting my birthday", "making jokes about my job")
            .slot("hobby", "hiking", "board games", "baking", "photography", "jazz", "gardening",
                    "fantasy novels", "cycling", "knitting", "astronomy", "fishing", "climbing")
            .slot("favour", "lend them my car", "babysit every weekend", "help them move", "cover a shift",
                    "co-sign a loan", "host Christmas")
            .slot("dateAdj", "cheap", "cosy", "memorable", "low-key", "outdoorsy", "surprise")
            // tech support
            .slot("device", "laptop", "iPhone", "Android phone", "printer", "router", "smart TV",
                    "Chromebook", "gaming PC", "tablet", "smartwatch")
            .slot("techProblem", "freezing", "overheating", "dropping Wi-Fi", "draining the battery",
                    "restarting on its own", "not charging", "running really slow")
            .slot("techTask", "take a screenshot", "free up disk space", "change the DNS server",
                    "set up a VPN", "back up my photos", "turn off auto-updates", "find my Wi-Fi password",
                    "split the screen")
            .slot("os", "Windows 11", "macOS", "Ubuntu", "Android", "iOS", "ChromeOS")
            .slot("app", "Outlook", "Excel", "Zoom", "Spotify", "Teams", "Chrome", "WhatsApp", "Steam")
            .slot("errorMsg", "connection timed out", "not enough storage", "access denied",
                    "something went wrong", "file is corrupted", "license expired", "unsupported format")
            .slot("appAction", "open a file", "log in", "share my screen", "sync", "install an update",
                    "export a PDF")
            .slot("techRisk", "use public Wi-Fi for banking", "jailbreak my phone",
                    "delete the System32 folder", "buy a second-hand hard drive",
                    "give an app access to my contacts", "reuse my password on two sites")
            // science
            .slot("skyColour", "blue", "red", "orange", "purple", "pink")
            .slot("timeOfDay", "noon", "sunset", "dawn", "the end of a hot day")
            .slot("animal", "bats", "octopuses", "bees", "salmon", "crows", "ants", "whales", "cats",
                    "migratory birds", "tardigrades")
            .slot("ability", "find their way home", "communicate", "survive the winter", "sleep",
                    "see colours", "recognise faces", "navigate in the dark")
            .slot("hypothetical", "the Moon disappeared", "Earth stopped spinning",
                    "we drilled through the planet", "all the ice melted", "humans could photosynthesise",
                    "the Sun turned into a black hole", "gravity were twice as strong")
            .slot("sciConcept", "entropy", "quantum entanglement", "CRISPR", "black holes", "plate tectonics",
                    "mRNA vaccines", "the greenhouse effect", "relativity", "evolution", "nuclear fusion")
            .slot("explainAge", "five", "ten", "a teenager", "a grandparent", "an artist", "a history buff")
            // learning
            .slot("mathProblem", "2x + 7 = 19", "a quadratic with no real roots", "x squared minus 5x plus 6",
                    "the area of a circle with a 7 cm radius", "a compound interest question",
                    "simultaneous equations", "a probability question with two dice", "a percentage increase")
            .slot("confusablePair", "affect and effect", "weather and climate", "a virus and a bacterium",
                    "mean and median", "a simile and a metaphor", "speed and velocity", "its and it's",
                    "fission and fusion", "a democracy and a republic",
                    "latitude and longitude", "a hurricane and a typhoon", "RAM and storage", "a crocodile and an alligator",
                    "baking soda and baking powder", "an allergy and an intolerance", "who and whom")
            .slot("historyEvent", "the French Revolution", "the First World War", "the fall of Rome",
                    "the Cold War", "the Industrial Revolution", "the Great Depression", "the Meiji Restoration")
            .slot("literatureWork", "Macbeth", "The Great Gatsby", "1984", "Frankenstein", "Beloved",
                    "Things Fall Apart", "Pride and Prejudice", "The Road")
            // career
            .slot("interviewQ", "what is your biggest weakness", "why are you leaving your job",
                    "where do you see yourself in five years", "tell me about a conflict at work",
                    "why should we hire you")
            .slot("workAsk", "a raise", "a four-day week", "more remote days", "a training budget",
                    "a title change", "unpaid leave")
            // home and garden
            .slot("pest", "fruit flies", "ants", "mice", "slugs", "mould", "moths", "aphids")
            .slot("homeArea", "kitchen", "bathroom", "garden", "attic", "basement", "balcony")
            .slot("plant", "tomatoes", "garlic", "tulips", "potatoes", "basil", "strawberries", "roses")
            .slot("climate", "the north of England", "Texas", "the Netherlands", "a cold place",
                    "a flat with only a balcony", "southern Spain", "Ontario")
            .slot("homeFault", "dripping tap", "running toilet", "squeaky door", "stuck window",
                    "tripped fuse", "cracked tile", "leaking shower")
            .slot("cleanable", "a cast iron pan", "grout", "a suede jacket", "an oven", "a mattress",
                    "white trainers", "a glass shower screen",
                    "a burnt saucepan", "a yellowed pillow", "a washing machine drawer", "limescale off taps",
                    "a wool rug", "a car seat", "a stainless steel fridge")
            // pets
            .slot("pet", "dog", "cat", "rabbit", "hamster", "parrot", "puppy", "kitten", "guinea pig")
            .slot("petBehaviour", "scratching the sofa", "barking at night", "not eating much",
                    "hiding under the bed", "chewing cables", "drinking a lot of water")
            .slot("petAdj", "grumpy", "tiny", "fluffy", "black", "very loud", "clumsy")
            .slot("petCare", "bath", "brush", "walk", "feed", "trim the nails of", "deworm")
            // fitness
            .slot("weeks", "4", "6", "8", "10", "12")
            .slot("fitnessGoal", "run a 5k", "do ten pull-ups", "lose some weight", "run a half marathon",
                    "touch my toes", "get stronger without a gym")
            .slot("exercise", "walk every day", "do HIIT", "lift weights", "swim", "cycle to work",
                    "do pilates")
            .slot("fitnessAim", "heart health", "losing belly fat", "back pain", "building muscle", "stress")
            .slot("trainingHabit", "lift five days a week", "run every morning", "play football twice a week",
                    "do CrossFit", "climb three times a week")
            // language learning
            .slot("phrase", "where is the train station", "I'm allergic to nuts", "nice to meet you",
                    "can I pay by card", "I'm sorry, I don't understand", "what time does it open")
            .slot("language", "Spanish", "Japanese", "German", "Portuguese", "Korean", "Italian", "Dutch",
                    "Greek", "Turkish", "French", "Mandarin")
            .slot("minutes", "10", "15", "20", "30")
            .slot("learnerSentence", "yesterday I have went to the market", "she don't like the coffee",
                    "I am living here since three years", "we was very happy with the hotel",
                    "he explained me the problem", "I look forward to hear from you", "there is many reasons for this",
                    "I didn't knew that", "can you borrow me your pen", "I am agree with you",
                    "my english is not so good like my brother", "we discussed about the plan")
            // entertainment
            .slot("genre", "sci-fi", "cosy mystery", "horror", "feel-good", "historical", "fantasy",
                    "true crime", "romantic comedy")
            .slot("medium", "books", "films", "podcasts", "TV shows", "video games")
            .slot("title", "Dune", "Station Eleven", "The Expanse", "Arrival", "Severance", "Stardew Valley",
                    "Interstellar", "The Martian", "Gone Girl", "Parasite")
            // shopping
            .slot("useCase", "video editing", "a student", "travelling", "running", "a small office",
                    "a family of five", "photography")
            .slot("product", "a MacBook Air", "a Windows laptop", "an e-reader", "a robot vacuum",
                    "noise-cancelling headphones", "an electric bike", "an air fryer", "a standing desk")
            .slot("price", "300 euros", "$1,200", "half price", "£150", "$89")
            .slot("purchase", "used car", "mattress", "washing machine", "winter coat", "road bike",
                    "pair of hiking boots", "sofa", "camera")
            // admin
            .slot("document", "passport", "driving licence", "residence permit", "ID card", "visa")
            .slot("country", "Germany", "the US", "Canada", "Spain", "Australia", "Ireland", "France")
            .slot("landlordAction", "raise the rent by 15%", "keep my deposit", "enter without notice",
                    "ban pets", "charge me for repainting")
            .slot("adminPair", "a will and a trust", "a lease and a licence", "a freelancer and a contractor",
                    "gross and net salary", "a notary and a lawyer")
            // parenting
            .slot("childAge", "2", "3", "4", "6", "8", "11", "14", "16")
            .slot("childGoal", "sleep through the night", "eat vegetables", "do homework without a fight",
                    "stop biting", "put the phone down", "tidy their room", "read more")
            .slot("activityType", "indoor", "science", "craft", "outdoor", "quiet", "math")
            // replies and generic follow-ups
            .slot("ordinal", "first", "second", "third", "last")
            .slot("audience", "a beginner", "my boss", "a ten-year-old", "someone who is not technical",
                    "a busy parent", "my grandma")
            .slot("twist", "I'm on a tight budget", "I only have a weekend", "I'm a complete beginner",
                    "it rains the whole time", "I don't have a car", "I need it done by tomorrow",
                    "I have a bad knee", "I'm vegetarian", "it's for a group of ten")
            .slot("doubt", "the opposite is true", "that's a myth", "it changed recently",
                    "it depends a lot on the country")
            .slot("listType", "checklist", "table", "step-by-step list", "short summary", "schedule")
            .slot("context", " For context, I'm {age}.", " I'm {jobA}, if that matters.", " Asking for my {relation}.",
                    " I live in {country}.", " I have about {minutes} minutes.", " It's for a school project.",
                    " Be honest.", " I'm a total beginner.", " I already searched but got confused.",
                    " Please explain simply.", " Keep in mind I'm on a budget.", " My {relation} says otherwise.",
                    " Asking because of {subject}.", " Need this by {month}.")
            .slot("hedge", "It depends a little on your situation, but", "Good question!", "Short answer:",
                    "Here's what I'd suggest:", "Sure.", "Happy to help.")
            .build();

    private static final List<Topic> TOPICS = List.of(
            new Topic("travel",
                    List.of("Can you help me plan a {days}-day trip to {city}{budget}?",
                            "What should I pack for {season} in {city}?",
                            "Is {month} a good time to visit {city}, or is it too {weatherAdj}?",
                            "What's the best way to get from {city} to {city} {transport}?",
                            "I have a {hours}-hour layover in {city}. Is it worth leaving the airport?"),
                    List.of("What about {city} instead?", "and if I only have {days} days?",
                            "Can you suggest some {foodAdj} places to eat there?",
                            "Is that doable with {companion}?", "what if I go in {month} instead?"),
                    List.of("{hedge} {city} is lovely then. Day one: the old town and a food market; day two: a "
                            + "day trip by {transport}...",
                            "{hedge} pack layers and comfortable shoes; {season} there can be {weatherAdj}.")),
            new Topic("cooking",
                    List.of("How do I make {dish} without {ingredient}?",
                            "What can I cook tonight with {ingredient}, {ingredient} and {ingredient}?",
                            "How long should I {cookMethod} {protein} for?",
                            "Can I substitute {ingredient} for {ingredient} in {dish}?",
                            "Give me a {diet} version of {dish} for {people} people."),
                    List.of("what if I don't have {ingredient} either?", "can I make it {diet}?",
                            "how do I scale that for {people} people?", "can I freeze the leftovers?",
                            "and what temperature if I {cookMethod} it?"),
                    List.of("{hedge} you can swap in {ingredient}; the texture changes slightly but it works.",
                            "{hedge} a quick option is {dish}: it takes about 30 minutes and uses {ingredient}.")),
            new Topic("writing",
                    List.of("Can you help me write {docType} to {recipient} about {subject}?",
                            "Make this sound more {tone}: \"{sentence}\"",
                            "Give me {count} title ideas for a blog post about {blogSubject}.",
                            "Proofread this for me: \"{sentence}\"",
                            "How do I start a cover letter for {jobA} position?"),
                    List.of("make it more {tone}", "can you add a line about {subject}?",
                            "now make a version for {recipient}", "less stiff please, more {tone}",
                            "can you cut it to {count} sentences?"),
                    List.of("Here's a draft:\n\nDear {recipient}, I'm writing about {subject}...",
                            "{hedge} a more {tone} version: \"{sentence}\" becomes clearer if you lead with the ask.")),
            new Topic("health",
                    List.of("Is it normal to {symptom} after {activity}?",
                            "What are some good stretches for {bodyPart} pain?",
                            "How much {nutrient} should a {age}-year-old get per day?",
                            "I've had {symptomNoun} for {duration}. Should I see a doctor?"),
                    List.of("what if it also happens after {activity}?", "I'm {age}, does that change anything?",
                            "and what about {nutrient}?", "how long until I should worry?"),
                    List.of("{hedge} it's common, but I'm not a doctor: if it lasts more than {duration}, get it "
                            + "checked.", "{hedge} gentle mobility work for the {bodyPart} helps most people.")),
            new Topic("finance",
                    List.of("Should I pay off my {debt} or put money into {investment} first?",
                            "Can you explain how {finConcept} works in simple terms?",
                            "How much do I need to save each month to have {amount} in {years} years?",
                            "Is it a good idea to {finAction} when {finCondition}?"),
                    List.of("what if {finCondition}?", "and how does {finConcept} fit into that?",
                            "ok what about over {years} years?", "can you show the maths?"),
                    List.of("{hedge} compare the interest rate on the {debt} with the expected return of "
                            + "{investment}.", "{hedge} {finConcept} means your money grows on its own growth.")),
            new Topic("relationships",
                    List.of("My {relation} keeps {behaviour}. How do I bring it up without starting a fight?",
                            "What's a thoughtful gift for my {relation} who loves {hobby}?",
                            "How do I politely say no when my {relation} asks me to {favour}?",
                            "Any ideas for a {dateAdj} date night in {season}?"),
                    List.of("what if they get defensive?", "budget is about {price}, does that work?",
                            "and if my {relation} asks again next week?", "something more {dateAdj}?"),
                    List.of("{hedge} pick a calm moment and describe the effect on you rather than the behaviour.",
                            "{hedge} for someone into {hobby}, an experience often beats an object.")),
            new Topic("tech-support",
                    List.of("My {device} keeps {techProblem} since the last update. What can I try?",
                            "How do I {techTask} on {os}?",
                            "Why does {app} say \"{errorMsg}\" when I try to {appAction}?",
                            "Is it safe to {techRisk}?"),
                    List.of("tried that, still {techProblem}", "I'm on {os} if that matters",
                            "it now says \"{errorMsg}\"", "ok that worked. how do I {techTask} too?"),
                    List.of("{hedge} first restart it, then check for pending updates and free storage.",
                            "{hedge} on {os}, open Settings, search for it, and follow the prompts.")),
            new Topic("science",
                    List.of("Why is the sky {skyColour} at {timeOfDay}?", "How do {animal} {ability}?",
                            "What would happen if {hypothetical}?", "Explain {sciConcept} like I'm {explainAge}."),
                    List.of("wait, so what about {animal}?", "and what if {hypothetical}?",
                            "can you explain {sciConcept} the same way?", "how do scientists know that?"),
                    List.of("{hedge} light scatters off air molecules, and shorter wavelengths scatter more.",
                            "{hedge} {sciConcept} is easiest to picture with an everyday analogy...")),
            new Topic("learning",
                    List.of("Can you explain how to solve {mathProblem}?",
                            "What's the difference between {confusablePair}?",
                            "Summarise the main causes of {historyEvent} in a few sentences.",
                            "Help me understand {literatureWork}: what is the main theme?"),
                    List.of("can you give me a practice question?", "what about {confusablePair}?",
                            "how would I write that in an exam answer?", "and how does {historyEvent} compare?"),
                    List.of("{hedge} start by isolating the unknown, then check your answer by substituting it back.",
                            "{hedge} the key difference is in how each one is used in a sentence.")),
            new Topic("career",
                    List.of("How should I answer \"{interviewQ}\" in a job interview for {jobA} role?",
                            "Is it a good idea to switch from {job} to {job} at {age}?",
                            "How do I ask my manager for {workAsk}?",
                            "What skills should I learn to become {jobA}?"),
                    List.of("what if they say no?", "I'm {age} by the way", "how do I ask for {workAsk} too?",
                            "what salary should I expect as {jobA}?"),
                    List.of("{hedge} frame it around the value you bring, with two concrete examples.",
                            "{hedge} many people move into that role; a short course plus a portfolio helps.")),
            new Topic("home-garden",
                    List.of("How do I get rid of {pest} in my {homeArea}?",
                            "When should I plant {plant} if I live in {climate}?",
                            "How do I fix a {homeFault} myself?", "What's the best way to clean {cleanable}?"),
                    List.of("what if I have {pest} too?", "I'm in {climate}, does that change it?",
                            "do I need special tools?", "and how do I clean {cleanable}?"),
                    List.of("{hedge} remove what attracts them first, then seal gaps; traps help for the rest.",
                            "{hedge} turn off the water supply first, then replace the worn washer.")),
            new Topic("pets",
                    List.of("My {pet} has started {petBehaviour}. Should I be worried?",
                            "What's a good name for a {petAdj} {pet}?",
                            "How often should I {petCare} my {pet}?"),
                    List.of("it's a {petAdj} {pet} if that helps", "more names please, something {dateAdj}",
                            "should I call the vet?", "what about {petBehaviour}?"),
                    List.of("{hedge} sudden changes are worth a vet visit, especially if it is also {petBehaviour}.",
                            "{hedge} a few ideas: Biscuit, Pepper, Miso, Juniper, Waffles.")),
            new Topic("fitness",
                    List.of("Can you make me a {weeks}-week plan to {fitnessGoal}?",
                            "Is it better to {exercise} or {exercise} for {fitnessAim}?",
                            "How many rest days do I need if I {trainingHabit}?"),
                    List.of("I have a bad knee, can you adjust it?", "what should I eat around workouts?",
                            "can we make it {weeks} weeks?", "and for {fitnessAim}?"),
                    List.of("{hedge} week 1-2: three easy sessions; week 3-4: add one longer session...",
                            "{hedge} consistency matters more than the choice; pick what you'll keep doing.")),
            new Topic("language",
                    List.of("How do you say \"{phrase}\" in {language}?",
                            "What's the best way to practise {language} if I only have {minutes} minutes a day?",
                            "Can you correct my English: \"{learnerSentence}\""),
                    List.of("and in {language}?", "how do I pronounce that?", "is that formal or informal?",
                            "can you give me {count} more example sentences?"),
                    List.of("{hedge} in {language} you would say it like this, with the stress on the second word.",
                            "{hedge} corrected: the verb tense should be simple past here.")),
            new Topic("entertainment",
                    List.of("Recommend {count} {genre} {medium} similar to {title}.",
                            "Can you explain the ending of {title}? I didn't get it.",
                            "What's a good board game for {people} people who like {hobby}?"),
                    List.of("I've seen those, anything less known?", "something more {genre}?",
                            "what about {medium} instead?", "is {title} worth it then?"),
                    List.of("{hedge} if you liked {title}, try these {count}: ...",
                            "{hedge} the ending is deliberately ambiguous; one reading is...")),
            new Topic("shopping",
                    List.of("Which is better for {useCase}: {product} or {product}?", "Is {product} worth it at {price}?",
                            "What should I look for when buying a {purchase}?"),
                    List.of("my budget is {price}", "what about for {useCase}?", "is refurbished ok?",
                            "any brands to avoid?"),
                    List.of("{hedge} for {useCase}, prioritise battery life and a good warranty.",
                            "{hedge} check reviews for reliability and compare the total cost, not the sticker price.")),
            new Topic("admin",
                    List.of("How do I renew my {document} in {country}?",
                            "My landlord wants to {landlordAction}. Is that allowed?",
                            "What's the difference between {adminPair}?"),
                    List.of("I'm in {country}, if that matters", "how long does it usually take?",
                            "what documents do I need?", "can they also {landlordAction}?"),
                    List.of("{hedge} rules vary in {country}; usually you book an appointment online and bring ID.",
                            "{hedge} in most places they need to give written notice first.")),
            new Topic("parenting",
                    List.of("How do I get my {childAge}-year-old to {childGoal}?",
                            "What are some fun {activityType} activities for kids on a {weatherAdj} day?"),
                    List.of("she's {childAge} actually", "we tried that already", "something {activityType}?",
                            "how long before it starts working?"),
                    List.of("{hedge} keep a simple routine and praise the effort, not the result.",
                            "{hedge} a few ideas: a treasure hunt, a kitchen science experiment, a fort.")));

    private static final String[] GENERIC_FOLLOW_UPS = {
        "can you make it shorter?",
        "can you make it shorter? like {count} sentences max",
        "thanks! can you put that in bullet points?",
        "hmm, can you explain the {ordinal} point in more detail?",
        "that's helpful. what if {twist}?",
        "could you rewrite that for {audience}?",
        "are you sure? I read somewhere that {doubt}",
        "ok, and what's the most important thing to remember if {twist}?",
        "great, can you turn that into a {listType}?",
        "can you make it more {tone}?",
    };

    private static final String[] OPENER_PREFIXES = {"", "", "", "", "", "hey, ", "hi! ", "ok so ",
        "quick question: ", "Hello. ", "hmm ", "So ", "Hi there. ", "random question but "};
    private static final String[] FOLLOW_UP_PREFIXES = {"", "", "", "", "ok ", "hmm ", "thanks. ", "wait, ",
        "and ", "sorry, one more: ", "ah ok. ", "nice. ", "right, "};
    private static final String[] SUFFIXES = {"", "", "", "", "", " thanks!", " Thank you.", " Keep it brief.",
        " :)", " pls", "??", " (no rush)"};

    private ChatPhrases() {}

    /** How many topics there are. */
    public static int topicCount() {
        return TOPICS.size();
    }

    /** The topic at {@code index}, 0 to {@code topicCount() - 1}. */
    public static Topic topic(int index) {
        return TOPICS.get(index);
    }

    /** All topics. */
    public static List<Topic> topics() {
        return TOPICS;
    }

    /**
     * A first message on the topic, now and then with a line of personal context and a casual
     * prefix or suffix.
     */
    public static String opener(Topic topic, SplittableRandom rng) {
        String text = G.expand(pick(topic.openers(), rng), rng);
        if (rng.nextInt(100) < 35) {
            text += G.pick("context", rng);
        }
        return decorate(OPENER_PREFIXES, text, rng);
    }

    /** A later message: a topic follow-up, or a generic one ("can you make it shorter?"). */
    public static String followUp(Topic topic, SplittableRandom rng) {
        String template = rng.nextInt(10) < 6
                ? pick(topic.followUps(), rng)
                : GENERIC_FOLLOW_UPS[rng.nextInt(GENERIC_FOLLOW_UPS.length)];
        return decorate(FOLLOW_UP_PREFIXES, G.expand(template, rng), rng);
    }

    /** A short assistant answer on the topic (an abridged stand-in for a real completion). */
    public static String reply(Topic topic, SplittableRandom rng) {
        return Casing.sentences(G.expand(pick(topic.replies(), rng), rng));
    }

    private static String decorate(String[] prefixes, String text, SplittableRandom rng) {
        String prefix = prefixes[rng.nextInt(prefixes.length)];
        return Casing.join(prefix, text) + SUFFIXES[rng.nextInt(SUFFIXES.length)];
    }

    private static String pick(List<String> items, SplittableRandom rng) {
        return items.get(rng.nextInt(items.size()));
    }
}
