"""A new five-sentence news article written for the tests (not the seed, not from any corpus)."""

DOC_ID = "test_quake_tehran"
TEXT = (
    "Earthquake shakes Tehran as residents flee homes\n"
    "\n"
    "A strong earthquake struck near Tehran on Tuesday, killing two people and injuring dozens, officials said.\n"
    "\n"
    "The quake hit at 4:20 AM and was felt as far away as Baghdad.\n"
    "\n"
    "Rescue teams from the Red Crescent arrived in the city within an hour.\n"
    "\n"
    "President Hassan Rouhani visited the damaged districts on Wednesday.\n"
    "\n"
    "Officials in Washington offered help the next day.\n"
    "\n"
    "Published: May 12, 2020, 6:45 AM"
)
ANCHOR_DATE = "2020-05-12"
