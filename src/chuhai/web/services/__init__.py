"""What the API routes and the pages both call (neither imports the other): the market
scan with its cache (:mod:`.scan`), the entry plan (:mod:`.plan`), tender parsing and
rule-pack rows (:mod:`.tender`) and the plan report (:mod:`.report`)."""
