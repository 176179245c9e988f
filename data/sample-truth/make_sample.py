"""Generate the synthetic sample participation process and its ground-truth key.

Run:  /tmp/probe/bin/python data/sample-truth/make_sample.py
Writes data/sample/** (inputs) and data/sample-truth/*.csv (key). Deterministic.
All contributions, names, phone numbers, e-mails, addresses and the IBAN are invented.
"""
from __future__ import annotations

import csv
import io
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "sample"
sys.path.insert(0, str(HERE))
import make_docx  # noqa: E402

MOB, WIR, VER, LEB, ZUS = (
    "Mobilität",
    "Wirtschaft",
    "Verwaltung",
    "Lebens- und Wohnumfeld mit Gesundheit",
    "Zusammenleben, Bildung und Kultur",
)

# --------------------------------------------------------------------------- measures
THEMES = {
    "MOB-T1": "Radverkehr sicherer und attraktiver machen",
    "MOB-T2": "ÖPNV attraktiver machen",
    "MOB-T3": "Verkehr digital steuern und E-Mobilität",
    "WIR-T1": "Innenstadt und Handel stärken",
    "WIR-T2": "Gründen, Arbeiten und digitale Infrastruktur",
    "VER-T1": "Verwaltung digital",
    "VER-T2": "Transparenz und Beteiligung",
    "VER-T3": "Niemanden abhängen",
    "LEB-T1": "Umwelt und Klima digital messen",
    "LEB-T2": "Energie und Stadtbetrieb effizient",
    "LEB-T3": "Gesund und selbstständig leben",
    "ZUS-T1": "Digitale Bildung für alle Generationen",
    "ZUS-T2": "Vereine, Ehrenamt und Gemeinschaft vernetzen",
    "ZUS-T3": "Kultur und Jugend digital erleben",
}
MEASURES = {  # key: (name, theme)
    "MOB-01": ("Sichere, durchgängige Radwege", "MOB-T1"),
    "MOB-02": ("Fahrradparkhaus und Radboxen am Bahnhof", "MOB-T1"),
    "MOB-03": ("Lastenrad-Verleih", "MOB-T1"),
    "MOB-04": ("Lieferverkehr mit Lastenrad und Mikro-Depot", "MOB-T1"),
    "MOB-05": ("Echtzeit-Fahrgastinformation (DFI) an Haltestellen", "MOB-T2"),
    "MOB-06": ("On-Demand-Shuttle / Rufbus für die Stadtteile", "MOB-T2"),
    "MOB-07": ("Mobilitäts-App mit einem Ticket", "MOB-T2"),
    "MOB-08": ("Digitales Parkleitsystem", "MOB-T3"),
    "MOB-09": ("Ausbau der E-Ladesäulen", "MOB-T3"),
    "WIR-01": ("Lokaler Online-Marktplatz für den Handel", "WIR-T1"),
    "WIR-02": ("Leerstandsmanagement und Pop-up-Stores", "WIR-T1"),
    "WIR-03": ("Kostenloses WLAN in der Innenstadt", "WIR-T1"),
    "WIR-04": ("Digitaler Stadtgutschein / Bonuskarte", "WIR-T1"),
    "WIR-05": ("Coworking-Space", "WIR-T2"),
    "WIR-06": ("Gründerzentrum und Gründungsberatung", "WIR-T2"),
    "WIR-07": ("Glasfaser für Gewerbegebiete", "WIR-T2"),
    "WIR-08": ("Digitale Ausbildungs- und Praktikumsbörse", "WIR-T2"),
    "VER-01": ("Verwaltungsleistungen online (digitales Bürgeramt)", "VER-T1"),
    "VER-02": ("Online-Terminvergabe Bürgerbüro", "VER-T1"),
    "VER-03": ("Mängelmelder-App", "VER-T1"),
    "VER-04": ("Pinneberg-App als zentrale Stadt-App", "VER-T1"),
    "VER-05": ("Open-Data-Portal", "VER-T2"),
    "VER-06": ("Ratssitzungen live und Unterlagen online", "VER-T2"),
    "VER-07": ("Dauerhafte Online-Beteiligungsplattform", "VER-T2"),
    "VER-08": ("Persönliche Hilfe und analoger Zugang", "VER-T3"),
    "LEB-01": ("Umweltsensoren für Luft und Lärm", "LEB-T1"),
    "LEB-02": ("Sensorgestützte Bewässerung der Stadtbäume", "LEB-T1"),
    "LEB-07": ("Hochwasser-Frühwarnsystem an der Pinnau", "LEB-T1"),
    "LEB-03": ("Smarte Mülleimer mit Füllstandsmeldung", "LEB-T2"),
    "LEB-04": ("Intelligente Straßenbeleuchtung", "LEB-T2"),
    "LEB-08": ("Solarkataster und Solar auf öffentlichen Dächern", "LEB-T2"),
    "LEB-05": ("Smart-Home und Assistenzsysteme für Ältere und Pflege", "LEB-T3"),
    "LEB-06": ("Telemedizin und Videosprechstunden", "LEB-T3"),
    "ZUS-01": ("Digitale Ausstattung der Schulen", "ZUS-T1"),
    "ZUS-02": ("Makerspace in der Stadtbücherei", "ZUS-T1"),
    "ZUS-03": ("Jung hilft Alt: Smartphone-Hilfe für Senioren", "ZUS-T1"),
    "ZUS-04": ("Ehrenamts- und Nachbarschaftsbörse", "ZUS-T2"),
    "ZUS-05": ("Gemeinsamer Veranstaltungskalender", "ZUS-T2"),
    "ZUS-06": ("Online-Buchung von Räumen und Hallen", "ZUS-T2"),
    "ZUS-07": ("Digitale Stadtgeschichte mit QR-Codes", "ZUS-T3"),
    "ZUS-08": ("Digitale Jugendbeteiligung", "ZUS-T3"),
    # single ideas (no theme)
    "EINZEL-01": ("Wasserstofftankstelle", ""),
    "EINZEL-02": ("Medikamentenlieferung per Drohne", ""),
    "EINZEL-03": ("E-Sport-Raum für Jugendliche", ""),
    "EINZEL-04": ("Mittagstisch-App der Gastronomie", ""),
    "EINZEL-05": ("Blockchain in der Verwaltung", ""),
    "EINZEL-06": ("Funklöcher in Waldenau", ""),
    "EINZEL-07": ("Solar-Sitzbänke mit Ladestation", ""),
    "EINZEL-08": ("Podcast aus dem Rathaus", ""),
    "EINZEL-09": ("Tempo 30 stadtweit", ""),
    "EINZEL-10": ("Chatbot auf der Stadt-Website", ""),
    "EINZEL-11": ("Regiomat mit regionalen Lebensmitteln", ""),
    "EINZEL-12": ("Repair-Café mit Online-Terminen", ""),
    "EINZEL-13": ("Papierakten und fehlendes IT-Personal", ""),
}

# Fictitious personal data that appear in texts (for redaction tests): (type, value)
PII = [
    ("name", "Peter Meier"), ("name", "Anna K."), ("email", "anna.k@example.org"),
    ("iban", "DE89 3704 0044 0532 0130 00"), ("address", "Am Markt 3a"),
    ("phone", "0176-12345678"), ("name", "Jens Petersen"), ("phone", "+49 4101 556677"),
    ("address", "Musterstraße 12"), ("email", "k.mueller@example.com"),
    ("phone", "(04101) 21 14 59"), ("name", "Frau Schulze"), ("email", "lars.h@example.net"),
    ("name", "Herr Dr. Brandt"), ("name", "Frau Yilmaz"), ("phone", "0151 23456789"),
]

# --------------------------------------------------------------------------- online CSV
# (Titel, Beschreibung, Handlungsfeld as written, Unterstützungen, Ich bin ..., Stadtteil, key)
CAMPAIGN = [
    ("Sicherer Radweg Elmshorner Straße – jetzt!",
     "Die Elmshorner Straße ist für Radfahrende lebensgefährlich. Wir fordern einen baulich getrennten Radweg zwischen Bahnhof und Rübekamp. Bitte unterstützen Sie diese Idee!",
     "Mobilität", 87, "Bürger/in", "Innenstadt", "MOB-01"),
    ("Radweg Elmshorner Straße JETZT",
     "Die Elmshorner Straße ist für Radfahrende lebensgefährlich. Wir fordern einen baulich getrennten Radweg zwischen Bahnhof und Rübekamp. Meine Kinder fahren da jeden Tag zur Schule.",
     "Mobilität", 41, "Bürger/in", "Pinneberg-Nord", "MOB-01"),
    ("Sicherer Radweg Elmshorner Strasse - jetzt!",
     "Die Elmshorner Strasse ist fuer Radfahrende lebensgefaehrlich. Wir fordern einen baulich getrennten Radweg zwischen Bahnhof und Rübekamp. Bitte unterstützen Sie diese Idee!!",
     "Mobilitaet", 23, "Bürger/in", "", "MOB-01"),
    ("Sicherer Radweg Elmshorner Straße",
     "Die Elmshorner Straße ist für Radfahrer lebensgefährlich. Wir fordern einen baulich getrennten Radweg zwischen Bahnhof und Rübekamp. Bitte unterstützen Sie diese Idee!",
     "Verkehr & Mobilität", 12, "Verein", "Innenstadt", "MOB-01"),
]

ONLINE = [
    # ---- Mobilität
    ("Radverkehr Damm / Innenstadt",
     "Sehr geehrte Damen und Herren,\nich fahre seit 20 Jahren jeden Tag mit dem Rad von Thesdorf in die Innenstadt. Am Damm endet der Radweg einfach im Nichts und man steht plötzlich zwischen Bussen und parkenden Autos. Auch an der Kreuzung beim Bahnhof fehlt eine vernünftige Führung für Radfahrer, die Markierungen sind kaum noch zu sehen. Ein durchgängiges Radwegenetz mit klaren, roten Markierungen wäre ein echter Gewinn für Pinneberg. Bitte denken Sie auch an die Beleuchtung im Winter.\n\nViele Grüße\nPeter Meier",
     "Mobilität", 19, "Bürger/in", "Thesdorf", "MOB-01"),
    ("radwege", "mehr und bessere radwege bitte!!!", "MOBILITÄT", 5, "", "", "MOB-01"),
    ("Fahrradparkhaus am Bahnhof",
     "Am Bahnhof Pinneberg werden ständig Räder geklaut oder beschädigt. Ein bewachtes Fahrradparkhaus wie in anderen Städten wäre super, gerne auch mit Lademöglichkeit für E-Bikes. Gruß, Anna K. (anna.k@example.org)",
     "Mobilität", 34, "Bürger/in", "Quellental", "MOB-02"),
    ("Abschließbare Radboxen", "abschließbare Radboxen am Bahnhof die man per app mieten kann",
     "Verkehr & Mobilität", 8, "Bürger/in", "Innenstadt", "MOB-02"),
    ("Fahrradstaender",
     "Es gibt viel zu wenig Fahrradabstellanlagen am Bahnhof, morgens ist alles voll und die Raeder stehen wild rum.",
     "Mobilitaet", 11, "Bürger/in", "Eggerstedt", "MOB-02"),
    ("Lastenräder zum Ausleihen",
     "Die Stadt könnte ein paar E-Lastenräder anschaffen, die man stundenweise über eine App ausleihen kann, z.B. am Rathaus und am Bahnhof. Für den Wocheneinkauf braucht man dann kein Auto mehr.",
     "Mobilität", 15, "Bürger/in", "Waldenau", "MOB-03"),
    ("Freies Lastenrad",
     "Wie in Hamburg ein freies Lastenrad zum ausleihen! Wir würden das auch mitfinanzieren, Spenden gerne an unseren Förderverein: DE89 3704 0044 0532 0130 00",
     "Mobilität", 6, "Verein", "Innenstadt", "MOB-03"),
    ("Paketlieferung per Lastenrad",
     "Die vielen Lieferwagen in der Fußgängerzone nerven. Besser: ein Mikro-Depot am Stadtrand und die letzte Meile in die Innenstadt mit Lastenrädern.",
     "Verkehr & Mobilität", 9, "Bürger/in", "Innenstadt", "MOB-04"),
    ("Echtzeitanzeigen", "echtzeitanzeigen für busse an haltestellen wären super", "Mobilität", 21, "Bürger/in", "", "MOB-05"),
    ("Dynamische Fahrgastinformation",
     "Dynamische Fahrgastinformation (DFI) an den wichtigsten Bushaltestellen einführen, insbesondere am ZOB und an der Haltestelle Rathaus.",
     "Mobilität", 30, "Bürger/in", "Innenstadt", "MOB-05"),
    ("Wann kommt der Bus?",
     "Moin, man steht am ZOB und weiß nie ob der Bus schon weg ist oder Verspätung hat. Anzeigetafeln mit den echten Abfahrtszeiten wär doch schön.",
     "MOBILITÄT", 17, "Bürger/in", "Pinneberg-Nord", "MOB-05"),
    ("Anzeigen an Bushaltestellen in Thesdorf",
     "In Thesdorf gibts gar keine Anzeigen, nur den Aushang. Bitte digitale Abfahrtsanzeigen auch in den Stadtteilen, nicht nur in der Innenstadt.",
     "Mobilität", 7, "Seniorenbeirat", "Thesdorf", "MOB-05"),
    ("Rufbus für Waldenau",
     "Abends fährt nach Waldenau kaum noch ein Bus. Ein Rufbus oder On-Demand-Shuttle, das man per App bestellt, wäre für uns ohne Auto eine große Hilfe.",
     "Mobilität", 14, "Bürger/in", "Waldenau", "MOB-06"),
    ("On-Demand Verkehr", "On demand shuttle wie ioki in anderen staedten fuer die randgebiete",
     "Mobilitaet", 3, "", "Thesdorf", "MOB-06"),
    ("Eine App für alles",
     "Ich will nicht 5 Apps für Bus, Leihrad und Carsharing. Eine Pinneberg-Mobilitäts-App, mit der man alles buchen und bezahlen kann, auch HVV-Tickets.",
     "Mobilität", 12, "Bürger/in", "Quellental", "MOB-07"),
    ("Mobilitätsplattform",
     "Vernetzung der Angebote (HVV, Leihräder, Carsharing) in einer gemeinsamen Buchungsplattform mit einem Ticket.",
     "Verkehr & Mobilität", 4, "Unternehmen", "", "MOB-07"),
    ("Parkleitsystem",
     "Digitales Parkleitsystem mit Anzeige der freien Plätze in den Parkhäusern, dann fährt nicht jeder dreimal um den Block.",
     "Mobilität", 10, "Unternehmen", "Innenstadt", "MOB-08"),
    ("freie Parkplätze in der App anzeigen",
     "Sensoren an den Parkplätzen an der Dingstätte, und in einer App sieht man was frei ist",
     "MOBILITÄT", 2, "Bürger/in", "Eggerstedt", "MOB-08"),
    ("Mehr Ladesäulen",
     "Es gibt viel zu wenig Ladesäulen für E-Autos in Pinneberg. Vor allem in Wohngebieten ohne eigene Garage.",
     "Mobilität", 13, "Bürger/in", "Pinneberg-Nord", "MOB-09"),
    ("E-Ladestationen am Rathaus und Drosteipark",
     "Schnellladesäulen auf den öffentlichen Parkplätzen, z.B. am Rathaus und beim Drosteipark",
     "Mobilitaet", 6, "Bürger/in", "Innenstadt", "MOB-09"),
    ("Wasserstoff",
     "Eine Wasserstofftankstelle an der Westumgehung für LKW und Busse, das ist die Zukunft!",
     "Verkehr & Mobilität", 1, "Unternehmen", "", "EINZEL-01"),
    # ---- Wirtschaft
    ("Lastenrad-Lieferdienst der Händler",
     "Gemeinsamer Lieferdienst der Innenstadthändler mit E-Lastenrädern: Einkauf im Laden, Lieferung am Nachmittag nach Hause. Das wäre ein Service, den Amazon nicht hat.",
     "Wirtschaft / Handel", 11, "Unternehmen", "Innenstadt", "MOB-04"),
    ("Online-Marktplatz Pinneberg",
     "Eine gemeinsame Online-Plattform für alle Pinneberger Geschäfte, wo man sehen kann was vorrätig ist und online reservieren kann.",
     "Wirtschaft", 16, "Unternehmen", "Innenstadt", "WIR-01"),
    ("lokal online shoppen", "lokaler onlineshop für pinneberger läden statt alles bei amazon zu bestellen",
     "Wirtschaft / Handel", 9, "Bürger/in", "", "WIR-01"),
    ("Digitales Schaufenster",
     "Viele kleine Läden haben keine eigene Website. Ein digitales Schaufenster der Stadt, in dem sich jeder Laden mit Öffnungszeiten und Angeboten präsentieren kann, würde helfen.",
     "Wirtschaft", 7, "Unternehmen", "Innenstadt", "WIR-01"),
    ("Leerstand Dingstätte",
     "In der Dingstätte stehen so viele Läden leer. Die Stadt sollte ein Leerstandskataster führen und Pop-up-Stores für Start-ups und Künstler ermöglichen.",
     "Wirtschaft / Handel", 22, "Bürger/in", "Innenstadt", "WIR-02"),
    ("Zwischennutzung leerer Läden",
     "Ich habe meinen Laden Am Markt 3a und sehe jeden Tag die leeren Schaufenster gegenüber. Warum nicht Zwischennutzung für junge Gründer zu günstiger Miete?",
     "Wirtschaft", 5, "Unternehmen", "Innenstadt", "WIR-02"),
    ("Freies WLAN", "Kostenloses WLAN in der ganzen Fußgängerzone und am Bahnhof.", "Wirtschaft", 18, "Bürger/in", "", "WIR-03"),
    ("WLAN Innenstadt", "freifunk / public wifi in der innenstadt, das haben andere städte schon lange",
     "Wirtschaft / Handel", 4, "", "Quellental", "WIR-03"),
    ("Pinneberg-Gutschein digital",
     "Einen digitalen Stadtgutschein, den man in allen teilnehmenden Geschäften einlösen kann – gut als Geschenk und das Geld bleibt in Pinneberg.",
     "Wirtschaft", 8, "Unternehmen", "Innenstadt", "WIR-04"),
    ("Bonuskarte",
     "Eine Bonuskarte/App für Einkäufe in Pinneberger Läden, Punkte sammeln und in der Innenstadt einlösen, evtl. auch fürs Parken.",
     "Wirtschaft / Handel", 3, "Bürger/in", "Thesdorf", "WIR-04"),
    ("Coworking",
     "Ich pendel jeden Tag nach Hamburg, würde aber gern 2-3 Tage hier arbeiten. Ein Coworking-Space in Bahnhofsnähe wäre ideal. Bei Fragen gern anrufen: 0176-12345678",
     "Wirtschaft", 20, "Bürger/in", "Pinneberg-Nord", "WIR-05"),
    ("Gemeinsame Büros für Selbstständige",
     "Shared Office / Coworking für Freiberufler, z.B. in einem leerstehenden Gebäude in der Innenstadt",
     "Wirtschaft", 6, "Unternehmen", "", "WIR-05"),
    ("Gründerzentrum",
     "Ein Gründerzentrum mit Beratung, günstigen Räumen und Kontakt zu Pinneberger Unternehmen, damit junge Leute hier gründen und nicht nach Hamburg gehen.",
     "Wirtschaft", 10, "Bürger/in", "Innenstadt", "WIR-06"),
    ("Glasfaser Gewerbegebiet",
     "Unser Betrieb im Gewerbegebiet an der Westumgehung hat immer noch nur 16 Mbit. Glasfaser ist für uns überlebenswichtig.",
     "Wirtschaft", 14, "Unternehmen", "", "WIR-07"),
    ("Glasfaser für alle Betriebe!", "", "Wirtschaft / Handel", 2, "Unternehmen", "", "WIR-07"),
    ("Azubi-Börse",
     "Eine digitale Ausbildungsbörse, auf der Pinneberger Betriebe Praktika und Ausbildungsplätze direkt für die Schulen anbieten.",
     "Wirtschaft", 9, "Schule", "Thesdorf", "WIR-08"),
    ("Regiomat",
     "Ein Automat mit regionalen Lebensmitteln (Milch, Eier, Kartoffeln von Höfen aus der Umgebung) am Bahnhof, rund um die Uhr.",
     "Wirtschaft / Handel", 4, "Bürger/in", "Waldenau", "EINZEL-11"),
    # ---- Verwaltung
    ("Alles online erledigen",
     "Ummelden, Anwohnerparkausweis, Hundesteuer – warum muss ich dafür immer noch ins Rathaus? Bitte alle Anträge auch online.",
     "Verwaltung", 26, "Bürger/in", "Innenstadt", "VER-01"),
    ("digitales Bürgeramt",
     "Digitale Bürgerdienste ausbauen: Anträge online stellen, Bescheide digital erhalten, Status online verfolgen.",
     "Verwaltung", 15, "Bürger/in", "Quellental", "VER-01"),
    ("Online-Anträge", "Onlineantraege fuer alles was geht, Behoerdengang sparen", "Verwaltung ", 6, "", "", "VER-01"),
    ("Formulare",
     "Wär schön wenn man die Formulare nicht ausdrucken muss sondern direkt am PC ausfüllen und abschicken kann",
     "Verwaltung", 8, "Bürger/in", "Eggerstedt", "VER-01"),
    ("Termine Bürgerbüro", "Online-Terminbuchung fürs Bürgerbüro, die Warteschlange im Rathaus ist eine Zumutung.",
     "Verwaltung", 19, "Bürger/in", "Waldenau", "VER-02"),
    ("Wartezeit", "Termin im Buergerbuero per Internet buchen und eine SMS wenn man dran ist", "Verwaltung", 4, "Bürger/in", "", "VER-02"),
    ("Mängelmelder",
     "Mein Name ist Jens Petersen und ich melde seit Jahren Schlaglöcher per E-Mail, ohne Rückmeldung. Eine Mängelmelder-App mit Foto und Standort, bei der man sieht, was daraus geworden ist, wäre toll.",
     "Verwaltung", 24, "Bürger/in", "Thesdorf", "VER-03"),
    ("Schäden melden per App", "Schlaglöcher, kaputte Laternen, wilder Müll: per App mit Foto melden", "Verwaltung", 9, "", "Pinneberg-Nord", "VER-03"),
    ("Meldeportal",
     "Ein Online-Meldeportal für Schäden im Stadtgebiet mit Kartenansicht, wie der Maengelmelder in anderen Kommunen.",
     "Verwaltung", 5, "Bürger/in", "Innenstadt", "VER-03"),
    ("Pinneberg-App",
     "Eine offizielle Stadt-App mit News, Müllabfuhrterminen, Veranstaltungen und Kontakt zur Verwaltung, alles an einem Ort.",
     "Verwaltung", 12, "Bürger/in", "Quellental", "VER-04"),
    ("Stadt App", "eine app für pinneberg wo alles drin ist", "Verwaltung", 3, "", "", "VER-04"),
    ("Open Data",
     "Die Stadt sollte ihre Daten (Haushalt, Verkehrszählungen, Umweltdaten) als Open Data in einem Portal veröffentlichen, damit Bürger und Firmen damit arbeiten können.",
     "Verwaltung", 7, "Unternehmen", "", "VER-05"),
    ("Ratssitzungen streamen", "Livestream der Ratsversammlung, damit auch Berufstätige und Eltern zuschauen können.",
     "Verwaltung", 11, "Bürger/in", "Eggerstedt", "VER-06"),
    ("Transparenz Politik",
     "Sitzungsunterlagen und Protokolle der Ausschüsse einfacher online finden, das Ratsinfosystem ist total unübersichtlich. Und Sitzungen im Internet übertragen.",
     "Verwaltung", 6, "Bürger/in", "Innenstadt", "VER-06"),
    ("Dauerhafte Beteiligung",
     "Diese Plattform nicht nach dem Projekt abschalten! Eine dauerhafte Online-Beteiligung für alle Planungen der Stadt.",
     "Verwaltung", 13, "Verein", "", "VER-07"),
    ("Nicht alle sind online",
     "Meine Mutter ist 84 und hat kein Internet. Es muss immer auch einen persönlichen Ansprechpartner im Rathaus geben und Formulare auf Papier.",
     "Verwaltung", 17, "Bürger/in", "Thesdorf", "VER-08"),
    ("Hilfe bei Online-Anträgen",
     "Bürgerterminal im Rathaus mit einer Person, die hilft, wenn man mit den Online-Diensten nicht klarkommt.",
     "Verwaltung", 9, "Seniorenbeirat", "", "VER-08"),
    ("Pflegeberatung digital",
     "Pflegeanträge und Beratung zu Hausnotruf und Smart-Home-Hilfen für Senioren über ein Online-Portal der Stadt, mit Rückruf. Ich pflege meine Eltern und bin unter +49 4101 556677 erreichbar.",
     "Verwaltung", 5, "Bürger/in", "Waldenau", "LEB-05"),
    ("Blockchain", "Verwaltungsvorgänge über Blockchain fälschungssicher machen.", "Verwaltung", 0, "", "", "EINZEL-05"),
    # ---- Lebens- und Wohnumfeld
    ("Luftqualität messen",
     "Sensoren für Feinstaub und Stickoxide an den großen Straßen (Elmshorner Straße, Damm) und die Werte online veröffentlichen.",
     "Lebens- & Wohnumfeld", 10, "Bürger/in", "Innenstadt", "LEB-01"),
    ("Lärmmessung", "Die Westumgehung ist nachts sehr laut, man sollte mal mit Sensoren den Lärm dauerhaft messen",
     "Lebens- und Wohnumfeld mit Gesundheit", 4, "Bürger/in", "Pinneberg-Nord", "LEB-01"),
    ("Bäume gießen mit Sensoren",
     "Im Drosteipark und an den Straßenbäumen Bodenfeuchtesensoren einbauen, damit der Bauhof weiß, wo gegossen werden muss. In den letzten Sommern sind viele junge Bäume vertrocknet.",
     "Lebens- & Wohnumfeld", 15, "Verein", "Innenstadt", "LEB-02"),
    ("Gießpaten-App",
     'Eine App wie "Gieß den Kiez" in Berlin, wo Bürger sehen welche Bäume Wasser brauchen und Patenschaften übernehmen.',
     "Wohnen & Gesundheit", 6, "Bürger/in", "Quellental", "LEB-02"),
    ("Mülleimer",
     "volle mülleimer im drosteipark am wochenende, überall liegt müll rum. smarte mülleimer die melden wenn sie voll sind",
     "Lebens- & Wohnumfeld", 8, "", "", "LEB-03"),
    ("Intelligente Abfallbehälter",
     "Solar-Presscontainer mit Füllstandsensor an stark frequentierten Plätzen (ZOB, Bahnhof), damit die Leerung bedarfsgerecht erfolgt.",
     "Lebens- und Wohnumfeld mit Gesundheit", 3, "Unternehmen", "", "LEB-03"),
    ("Straßenlaternen",
     "Vor meinem Haus in der Musterstraße 12 brennt die Laterne die ganze Nacht, obwohl da keiner langgeht. Intelligente Laternen, die nur bei Bewegung hell werden, sparen Strom.",
     "Lebens- & Wohnumfeld", 7, "Bürger/in", "Eggerstedt", "LEB-04"),
    ("LED Beleuchtung", "Umrüstung der Strassenbeleuchtung auf LED mit Bewegungsmeldern und Dimmung in der Nacht",
     "Lebens- & Wohnumfeld", 5, "Bürger/in", "", "LEB-04"),
    ("Länger zu Hause wohnen",
     "Smart-Home-Technik (Sturzsensor, Herdabschaltung, Notruf) für ältere Menschen fördern, damit sie länger in ihrer Wohnung bleiben können. Die Stadt könnte eine Musterwohnung einrichten.",
     "Lebens- und Wohnumfeld mit Gesundheit", 12, "Seniorenbeirat", "", "LEB-05"),
    ("Assistenzsysteme",
     "AAL-Assistenzsysteme in den Wohnungen der städtischen Wohnungsbaugesellschaft nachrüsten",
     "Wohnen & Gesundheit", 2, "Bürger/in", "Thesdorf", "LEB-05"),
    ("Ärztemangel",
     "Man bekommt in Pinneberg kaum noch einen Termin beim Hausarzt. Videosprechstunden und eine Telemedizin-Station z.B. in Waldenau könnten helfen.",
     "Lebens- & Wohnumfeld", 20, "Bürger/in", "Waldenau", "LEB-06"),
    ("Telemedizin", "telemedizin ausbauen, online sprechstunde", "Lebens- & Wohnumfeld", 3, "", "", "LEB-06"),
    ("Hochwasserwarnung Pinnau",
     "Pegelsensoren an der Pinnau und eine Warn-App bei Hochwasser. Bei Starkregen steht bei uns regelmäßig der Keller unter Wasser.",
     "Lebens- und Wohnumfeld mit Gesundheit", 9, "Bürger/in", "Innenstadt", "LEB-07"),
    ("Solar aufs Rathaus", "Alle städtischen Dächer (Rathaus, Schulen, Sporthallen) mit Photovoltaik ausstatten.",
     "Lebens- & Wohnumfeld", 16, "Verein", "", "LEB-08"),
    ("Solarkataster", "Ein Online-Solarkataster, in dem jeder sehen kann ob sein Dach für Solar geeignet ist.",
     "Lebens- & Wohnumfeld", 5, "Bürger/in", "Quellental", "LEB-08"),
    # ---- Zusammenleben, Bildung und Kultur
    ("Schulen digital ausstatten",
     "Tablets für alle Schüler und stabiles WLAN in allen Schulen. Während Corona hat man gesehen wie schlecht die Ausstattung ist.",
     "Bildung & Kultur", 25, "Schule", "", "ZUS-01"),
    ("Digitale Klassenzimmer", "digitale tafeln (smartboards) in jeder klasse, und jemand der sich um die technik kümmert!",
     "Bildung & Kultur", 7, "Bürger/in", "Thesdorf", "ZUS-01"),
    ("IT an Schulen",
     "Unsere Schule hat 3 Beamer für 600 Schüler. Bitte endlich Geld für Endgeräte und einen IT-Administrator.",
     "Zusammenleben, Bildung und Kultur", 14, "Schule", "Innenstadt", "ZUS-01"),
    ("Makerspace",
     "Eine offene Werkstatt mit 3D-Drucker, Lasercutter und Programmierkursen in der Stadtbücherei für Jugendliche und Erwachsene.",
     "Bildung & Kultur", 11, "Bürger/in", "Innenstadt", "ZUS-02"),
    ("Smartphone-Hilfe für Senioren",
     "Schülerinnen und Schüler erklären älteren Menschen einmal die Woche Smartphone und Tablet, z.B. im Seniorentreff. Beide Seiten profitieren.",
     "Zusammenleben", 13, "Seniorenbeirat", "", "ZUS-03"),
    ("Jung hilft Alt", "jugendliche helfen senioren bei handy und whatsapp", "Zusammenleben", 4, "", "Eggerstedt", "ZUS-03"),
    ("Ehrenamtsbörse",
     "Eine Online-Ehrenamtsbörse, wo Vereine Helfer suchen und man sich für einzelne Einsätze melden kann.",
     "Zusammenleben", 9, "Verein", "", "ZUS-04"),
    ("Nachbarschaftshilfe",
     "Nachbarschaftsplattform für Pinneberg: Einkaufshilfe, Werkzeug leihen, Hilfe im Garten. Kontakt für Rückfragen: k.mueller@example.com",
     "Zusammenleben", 6, "Bürger/in", "Pinneberg-Nord", "ZUS-04"),
    ("Veranstaltungskalender",
     "Ein gemeinsamer Veranstaltungskalender für alle Vereine, Kirchen, Schulen und Kultur in Pinneberg. Jetzt findet man alles verstreut auf Facebook und Plakaten.",
     "Bildung & Kultur", 18, "Verein", "Innenstadt", "ZUS-05"),
    ("Was ist los in Pinneberg?", "was ist los in pinneberg? keiner weiß es. eine seite mit allen events",
     "Zusammenleben", 5, "", "", "ZUS-05"),
    ("Kulturkalender", "Digitaler Kulturkalender, in den Vereine ihre Termine selbst eintragen können.",
     "Zusammenleben, Bildung und Kultur", 4, "Verein", "", "ZUS-05"),
    ("Hallenbelegung online",
     "Als Vorsitzende unseres Sportvereins suche ich ständig freie Hallenzeiten. Eine Online-Buchung für Sporthallen und Gemeinschaftsräume wäre eine große Erleichterung. Erreichbar über die Geschäftsstelle (04101) 21 14 59.",
     "Zusammenleben", 10, "Verein", "Thesdorf", "ZUS-06"),
    ("QR-Codes an der Drostei",
     "QR-Code-Schilder an historischen Gebäuden wie der Drostei, die zu Infos, alten Fotos und Audio führen.",
     "Bildung & Kultur", 12, "Verein", "Innenstadt", "ZUS-07"),
    ("Stadtgeschichte digital", "Digitale Stadtführung per App durch das alte Pinneberg", "Bildung & Kultur", 3, "Bürger/in", "", "ZUS-07"),
    ("Jugend beteiligen",
     "Jugendliche gehen nicht zu Bürgerforen. Eine Jugendbeteiligung über Instagram oder eine App, bei der Jugendliche über Projekte abstimmen können.",
     "Zusammenleben", 8, "Schule", "", "ZUS-08"),
    ("Stadt-Podcast",
     "Ein Podcast aus dem Rathaus, in dem der Bürgermeister monatlich über aktuelle Projekte spricht.",
     "Bildung & Kultur", 2, "Bürger/in", "Innenstadt", "EINZEL-08"),
]

REJECTED_ONLINE = {
    "empty": ("", "", "", "", "", "", "", ""),
    "tourismus": ("Radtouren-App für Touristen",
                  "Eine App mit Radtouren rund um Pinneberg und durch die Baumschulen, für Touristen und Tagesgäste.",
                  "Tourismus", 3, "Bürger/in", "Waldenau"),
    "notext": ("", "", "Mobilität", 0, "Bürger/in", "Thesdorf"),
}

# --------------------------------------------------------------------------- forum XLSX
# sheet name -> list of (Idee, Punkte, Bemerkung, key); None row = empty row
FORUM = {
    "Mobilität": [
        ("Radwege durchgängig machen, vor allem Damm und Elmshorner Str.", 14, "viele Zettel dazu", "MOB-01"),
        ("Fahrradstreifen rot markieren", 6, None, "MOB-01"),
        ("Fahrradparkhaus am Bahnhof", 9, None, "MOB-02"),
        ("Radboxen zum Abschließen (E-Bike!)", 4, None, "MOB-02"),
        ("Lastenrad zum Ausleihen", 3, None, "MOB-03"),
        ("Echtzeit-Anzeige an Haltestellen", 11, None, "MOB-05"),
        ("Anzeigetafel am ZOB: welcher Bus fährt wann wirklich", 5, "ähnlich wie Nr. 6", "MOB-05"),
        ("Rufbus abends nach Waldenau/Thesdorf", 7, None, "MOB-06"),
        ("eine App für Bus, Bahn, Leihrad", 2, None, "MOB-07"),
        ("Parkleitsystem Innenstadt", None, "Punkte nicht lesbar", "MOB-08"),
        ("mehr E-Ladesäulen", 3, None, "MOB-09"),
        ("Tempo 30 in der ganzen Stadt", 1, "kontrovers diskutiert", "EINZEL-09"),
    ],
    "Wirtschaft": [
        ("Lieferung aus der Innenstadt per Lastenrad", 4, None, "MOB-04"),
        ("Gemeinsamer Online-Shop der Pinneberger Händler", 8, None, "WIR-01"),
        ("Pop-up-Stores in leeren Läden", 6, None, "WIR-02"),
        ("Leerstände in der Dingstätte digital erfassen + vermarkten", 3, None, "WIR-02"),
        ("WLAN in der Fußgängerzone", 5, None, "WIR-03"),
        ("Pinneberg-Gutschein / Bonuskarte", 2, None, "WIR-04"),
        ("Coworking am Bahnhof", 7, "Pendler!", "WIR-05"),
        ("Gründerberatung + Netzwerk junger Unternehmen", None, None, "WIR-06"),
        ("Glasfaser in Gewerbegebieten!!", 6, None, "WIR-07"),
        ("Online-Praktikumsbörse Schulen/Betriebe", 3, None, "WIR-08"),
    ],
    "Verwaltung": [
        ("Alle Anträge online (Ummeldung, Parkausweis usw.)", 12, None, "VER-01"),
        ("Bescheide per E-Mail statt Post", 3, None, "VER-01"),
        ("Online Termin Bürgerbüro", 6, None, "VER-02"),
        ("Mängelmelder App mit Foto", 9, None, "VER-03"),
        ("Rückmeldung an Bürger wenn Schaden behoben ist", 4, "gehört zu Mängelmelder", "VER-03"),
        None,
        ("Stadt-App mit Müllkalender", 3, None, "VER-04"),
        ("Open Data Portal", 1, None, "VER-05"),
        ("Ratssitzungen live übertragen", 5, None, "VER-06"),
        ("Beteiligungsplattform dauerhaft weiterführen", 4, None, "VER-07"),
        ("Immer auch persönlicher Kontakt/Telefon für Ältere!", 10, "Seniorenbeirat", "VER-08"),
    ],
    "Lebens- & Wohnumfeld": [
        ("Luftmessstationen / Sensoren an Hauptstraßen", 4, None, "LEB-01"),
        ("Bodenfeuchtesensoren für Stadtbäume", 5, None, "LEB-02"),
        ("Mülleimer, die melden wenn sie voll sind", 6, None, "LEB-03"),
        ("Laternen mit Bewegungsmelder", 3, None, "LEB-04"),
        ("Frau Schulze (Seniorenbeirat): Hausnotruf und Smart Home für Senioren fördern", 8, None, "LEB-05"),
        ("Videosprechstunde / Telemedizin wegen Ärztemangel", 7, None, "LEB-06"),
        ("Hochwasser-Warnsystem Pinnau", 2, None, "LEB-07"),
        ("PV auf allen städtischen Dächern", 9, None, "LEB-08"),
        ("Sitzbänke mit Handy-Ladestation (solar)", 1, None, "EINZEL-07"),
    ],
    "Bildung & Kultur": [
        ("Tablets + WLAN für alle Schulen", 11, None, "ZUS-01"),
        ("IT-Hausmeister für Schulen", 4, None, "ZUS-01"),
        ("Makerspace in der Bücherei", 5, None, "ZUS-02"),
        ("Schüler erklären Senioren das Handy", 6, None, "ZUS-03"),
        ("Ehrenamtsbörse online", 3, None, "ZUS-04"),
        ("Ein Veranstaltungskalender für alle", 7, None, "ZUS-05"),
        ("Turnhallen/Räume online buchen", 2, None, "ZUS-06"),
        ("QR-Codes mit Stadtgeschichte (Drostei, Rathaus)", 3, None, "ZUS-07"),
        ("Jugendbeteiligung per App", 2, None, "ZUS-08"),
        ("E-Sport Raum für Jugendliche", 1, "nur 1 Punkt, trotzdem aufgenommen", "EINZEL-03"),
    ],
}
FORUM_FIELD = {"Mobilität": MOB, "Wirtschaft": WIR, "Verwaltung": VER,
               "Lebens- & Wohnumfeld": LEB, "Bildung & Kultur": ZUS}

# --------------------------------------------------------------------------- workshops (md/txt)
# Annotated text: a line ending in ⟦KEY⟧ is a contribution (annotation is stripped when written).
# Indented lines are details of the item above; headings/section lines/prose are not contributions.
TEXTS = {
    "workshops/mobilitaet-runde-1.md": """\
# Workshop Mobilität – Runde 1 (virtuell, 03.05.2022)

Moderation: Stadtverwaltung Pinneberg, 17 Teilnehmende. Stimmen in Klammern (+n).

## Herausforderungen

- Radwege enden plötzlich, z.B. am Damm, gefährlich für Kinder (+5) ⟦MOB-01⟧
- man weiß an der Haltestelle nie wann der Bus wirklich kommt (+4) ⟦MOB-05⟧
- Parksuchverkehr in der Innenstadt, besonders samstags (+2) ⟦MOB-08⟧

## Ideen

1. Durchgängiges Radwegenetz mit Vorrang für Radfahrende (+6) ⟦MOB-01⟧
    - Lücken schließen Elmshorner Straße / Damm
    - Schutzstreifen farbig markieren
2. DFI-Anzeiger an allen großen Haltestellen (+7) ⟦MOB-05⟧
    - zuerst ZOB und Bahnhof
    - später auch Thesdorf und Waldenau
3. Echtzeitdaten der Busse auch aufs Handy (+3) ⟦MOB-05⟧
4. Radboxen und Fahrradparkhaus am Bahnhof (+4) ⟦MOB-02⟧
5. Rufbus / On-Demand in den Abendstunden (+3) ⟦MOB-06⟧
6. Mobilitäts-App für alle Angebote, ein Konto (+2) ⟦MOB-07⟧
7. Lastenräder für die Paketzustellung in der Fußgängerzone (+2) ⟦MOB-04⟧
8. Ladesäulen an Supermärkten und in Wohngebieten (+1) ⟦MOB-09⟧

## Nächste Schritte

Die Ergebnisse werden in Runde 2 am 24.05.2022 vertieft.
""",
    "workshops/mobilitaet-runde-2.md": """\
# Workshop Mobilität – Runde 2 (virtuell, 24.05.2022)

In Runde 2 wurden die Ideen aus Runde 1 und von der Online-Plattform vertieft.
Bewertung mit Klebepunkten im Online-Whiteboard.

## Herausforderungen

* Fahrräder am Bahnhof werden oft geklaut [3 Punkte] ⟦MOB-02⟧
* kein Bus nach 20 Uhr in Waldenau [2 Punkte] ⟦MOB-06⟧

## Ideen

* sichere Radverbindung Thesdorf – Innenstadt – Bahnhof [5 Punkte] ⟦MOB-01⟧
    * mit Beleuchtung
    * Winterdienst auf Radwegen
* Fahrradstraße im Fahltskamp [2 Punkte] ⟦MOB-01⟧
* Dynamische Fahrgastinformation an den Haltestellen ●●●● ⟦MOB-05⟧
* Abfahrtsmonitore in Geschäften und Arztpraxen nahe Haltestellen ● ⟦MOB-05⟧
* E-Lastenräder zum Ausleihen an 3 Stationen ●● ⟦MOB-03⟧
* On-Demand-Shuttle per App für Thesdorf, Waldenau und Rübekamp [4 Punkte] ⟦MOB-06⟧
    * auch für Rollstühle geeignet
* HVV-Ticket, Leihrad und Carsharing in einer App bezahlen [1 Punkt] ⟦MOB-07⟧
* freie Parkplätze per Sensor erfassen und anzeigen ●● ⟦MOB-08⟧
* Schnellladesäulen am ZOB für E-Busse und Taxis ⟦MOB-09⟧

## Nächste Schritte

Die Verwaltung prüft die Ideen und stellt die Ergebnisse im Juni vor.
""",
    "workshops/lebensumfeld-runde-1.md": """\
# Workshop Lebens- und Wohnumfeld mit Gesundheit – Runde 1 (virtuell, 05.05.2022)

Stimmen: 3x = drei Stimmen.

## Herausforderungen

- Feinstaub und Lärm an der Elmshorner Straße 4x ⟦LEB-01⟧
- Hausarztpraxen nehmen keine neuen Patienten mehr 3x ⟦LEB-06⟧
- Funklöcher in Waldenau, da geht nichts digital 2x ⟦EINZEL-06⟧

## Ideen

- Netz aus Umweltsensoren (Luft, Lärm, Temperatur) mit öffentlichem Dashboard 5x ⟦LEB-01⟧
  - Daten als Open Data
  - Imkerverein würde Standorte anbieten, Kontakt lars.h@example.net
- Bodenfeuchtesensoren an Stadtbäumen, Gießplan für den Bauhof 3x ⟦LEB-02⟧
- Füllstandssensoren in den Mülleimern im Drosteipark 2x ⟦LEB-03⟧
- smarte straßenbeleuchtung, dimmt nachts runter 2x ⟦LEB-04⟧
- Technik für ältere Menschen, damit sie länger zuhause wohnen können (Sturzerkennung, Notruf) 4x ⟦LEB-05⟧
  - Beratung durch den Pflegestützpunkt
  - Förderprogramm der Stadt
- Pegelmessung Pinnau mit SMS-Warnung bei Hochwasser ⟦LEB-07⟧
- Solaranlagen auf Schulen und Sporthallen 3x ⟦LEB-08⟧
""",
    "workshops/zusammenleben-runde-2.md": """\
# Workshop Zusammenleben, Bildung und Kultur – Runde 2 (virtuell, 31.05.2022)

## Herausforderungen

1. Viele Vereine finden keine Ehrenamtlichen mehr (+3) ⟦ZUS-04⟧
2. Ältere Menschen sind von digitalen Angeboten abgehängt [2 Punkte] ⟦ZUS-03⟧

## Ideen

- Digitale Werkstatt / Makerspace in der Stadtbücherei ●●●● ⟦ZUS-02⟧
  - 3D-Drucker, Löten, Programmieren
  - betreut von Ehrenamtlichen
- Programmierkurse und Roboter-AG für Kinder in der Bücherei ●● ⟦ZUS-02⟧
- Nachbarschafts-App für Hilfe im Alltag (+2) ⟦ZUS-04⟧
- Glasfaser und flächendeckendes WLAN in allen Schulgebäuden 3x ⟦ZUS-01⟧
- Veranstaltungskalender, den alle Vereine selbst pflegen [4 Punkte] ⟦ZUS-05⟧
- Hallen und Vereinsräume online reservieren ⟦ZUS-06⟧
- Audio-Guide zur Stadtgeschichte, Start an der Drostei ●● ⟦ZUS-07⟧
- Jugendbeirat mit digitaler Abstimmung (+1) ⟦ZUS-08⟧
- freies WLAN in Jugendtreffs und auf öffentlichen Plätzen ● ⟦WIR-03⟧
- Bürgerdienste online, damit auch Berufstätige nicht extra freinehmen müssen 2x ⟦VER-01⟧

## Sonstiges

- Repair-Café mit Online-Terminvergabe und Ersatzteil-Datenbank (+1) ⟦EINZEL-12⟧
""",
    "workshops/wirtschaft-runde-1.txt": """\
Workshop Wirtschaft, Runde 1
virtuell, 04.05.2022, 12 Teilnehmende (Handel, Gastronomie, Handwerk, Wirtschaftsförderung)

Herausforderungen:
- Kundschaft kauft online statt in der Innenstadt (+4) ⟦WIR-01⟧
- Fachkräftemangel, Azubis finden nicht zu uns 3x ⟦WIR-08⟧
- Gewerbegebiet Westumgehung hat kein schnelles Internet (+5) ⟦WIR-07⟧

IDEEN:
- Gemeinsame Online-Plattform des Pinneberger Einzelhandels (+6) ⟦WIR-01⟧
    - mit Click & Collect
    - Anbindung an die Warenwirtschaft der Läden
- Leerstandsmanagement mit Pop-up-Flächen für Start-ups (+3) ⟦WIR-02⟧
- Innenstadt-WLAN als Service für Kunden (+2) ⟦WIR-03⟧
- Coworking-Flächen im Bahnhofsumfeld (+3) ⟦WIR-05⟧
- Gründungslotse bei der Wirtschaftsförderung (+1) ⟦WIR-06⟧
- Lieferservice der Händler mit Lastenrädern (+2) ⟦MOB-04⟧
""",
    "workshops/wirtschaft-runde-2.txt": """\
Workshop Wirtschaft, Runde 2
virtuell, 25.05.2022

HERAUSFORDERUNGEN:
• Zu viele leere Ladenlokale in der Dingstätte [3 Punkte] ⟦WIR-02⟧

IDEEN:
1) Digitaler Marktplatz mit Lieferung am selben Tag [4 Punkte] ⟦WIR-01⟧
   • Zustellung durch einen Fahrradkurier
2) Mikro-Hub für Paketdienste am Rand der Innenstadt, letzte Meile mit E-Lastenrad [2 Punkte] ⟦MOB-04⟧
3) WLAN-Hotspots Fußgängerzone + Bahnhof [1 Punkt] ⟦WIR-03⟧
4) Pinneberg-Gutschein als App [2 Punkte] ⟦WIR-04⟧
5) Coworking im leerstehenden Kaufhaus? [3 Punkte] ⟦WIR-05⟧
6) Start-up-Netzwerk / Gründerstammtisch [1 Punkt] ⟦WIR-06⟧
   • Frau Yilmaz organisiert schon einen, Tel. 0151 23456789
7) Glasfaserausbau Gewerbe priorisieren [5 Punkte] ⟦WIR-07⟧
8) Azubi-Speed-Dating online mit den Schulen [2 Punkte] ⟦WIR-08⟧
9) App für Mittagstisch-Angebote der Gastronomie ⟦EINZEL-04⟧
""",
    "workshops/lebensumfeld-runde-2.txt": """\
Workshop Lebens- und Wohnumfeld mit Gesundheit, Runde 2
virtuell am 27.05.2022

Herausforderungen:
• junge Stadtbäume vertrocknen jeden Sommer 3x ⟦LEB-02⟧

Ideen:
• Gießpatenschaften per App, Bäume melden ihren Wasserbedarf 4x ⟦LEB-02⟧
• Messnetz für Luftqualität an Schulen und Kitas 2x ⟦LEB-01⟧
• Mülleimer mit Sensor, Tourenplanung für den Bauhof 1x ⟦LEB-03⟧
• LED-Laternen mit Bewegungsmelder in Nebenstraßen 3x ⟦LEB-04⟧
• Hausnotruf und Sensoren in der Wohnung für Alleinlebende, Beratung durch die Stadt 2x ⟦LEB-05⟧
    - Datenschutz beachten!
• Telemedizin-Praxis mit Pflegekraft vor Ort, z.B. in Thesdorf 5x ⟦LEB-06⟧
• Frühwarnsystem Starkregen und Pinnau-Hochwasser 2x ⟦LEB-07⟧
• Solarkataster online + Beratung 1x ⟦LEB-08⟧
• Medikamente per Drohne zu Pflegeheimen liefern ⟦EINZEL-02⟧
""",
}
CRLF_TEXTS = {"workshops/wirtschaft-runde-2.txt"}  # saved with Windows line endings

SECTION_WORDS = {"herausforderungen": "challenge", "ideen": "idea", "sonstiges": "other",
                 "nächste schritte": "other"}
ANNOT = re.compile(r"\s*⟦([A-Z]+-\d+)⟧\s*$")
MARKER = re.compile(r"^(\s*)([-*•]|\d+[.)])\s+")
VOTE = re.compile(r"\s*(\(\+(\d+)\)|\[(\d+) Punkte?\]|(\d+)x|(●+))\s*$")


def parse_vote(text: str) -> tuple[str, int | None]:
    m = VOTE.search(text)
    if not m:
        return text, None
    n = m.group(2) or m.group(3) or m.group(4)
    votes = int(n) if n else len(m.group(5))
    return text[: m.start()], votes


# --------------------------------------------------------------------------- match derivation
def pii_spans(s: str) -> list[tuple[int, int]]:
    spans = []
    for _t, v in PII:
        for m in re.finditer(re.escape(v), s):
            spans.append((m.start(), m.end()))
    return spans


def derive_match(candidates: list[str], count, min_len: int = 20, max_len: int = 60) -> str:
    """A word window that occurs exactly once in the file, free of PII, quotes and line breaks.

    Preference: the first candidate string over later ones, a prefix (window starting at the
    first word) over inner windows, then the shortest window of at least ``min_len`` characters
    (or the whole string when it is shorter). Trailing , ; : are trimmed when still unique."""
    best = None
    for ci, s in enumerate(candidates):
        if not s:
            continue
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", s)]
        spans = pii_spans(s)
        for i in range(len(words)):
            for j in range(i, len(words)):
                a, b = words[i][0], words[j][1]
                w = s[a:b]
                if '"' in w or "\n" in w or "\r" in w:
                    break
                if any(a < pe and ps < b for ps, pe in spans):
                    break
                if len(w) < min(min_len, len(s.strip())):
                    continue
                if count(w) != 1:
                    continue
                score = (ci, i > 0, len(w) > max_len, i, len(w))
                if best is None or score < best[0]:
                    best = (score, w)
                break
    if best is None:
        raise ValueError(f"no unique match for {candidates!r}")
    w = best[1]
    t = w.rstrip(",;:")
    return t if t and count(t) == 1 else w


# --------------------------------------------------------------------------- writers
def truth_row(src, match, field, key, section="", votes=None, detail=""):
    name, theme = MEASURES[key]
    return {"source_file": src, "match": match, "field": field, "measure": key,
            "measure_name": name, "theme": theme, "theme_name": THEMES.get(theme, ""),
            "section": section, "votes": "" if votes is None else votes, "detail": detail}



def online_field(spelling: str) -> str:
    s = spelling.strip().lower()
    if "mobil" in s:
        return MOB
    if "wirtschaft" in s:
        return WIR
    if "verwaltung" in s:
        return VER
    if "wohn" in s or "lebens" in s:
        return LEB
    if "zusammen" in s or "bildung" in s:
        return ZUS
    raise ValueError(spelling)


def write_online(truth, rejected):
    rng = random.Random(2022)
    rows = list(ONLINE)
    rng.shuffle(rows)
    rows[40:40] = CAMPAIGN  # copy-paste campaign: four consecutive submissions
    # rejected rows at fixed places
    rows.insert(17, ("REJ", "tourismus"))
    rows.insert(55, ("REJ", "notext"))
    rows.insert(76, ("REJ", "empty"))
    start = date(2022, 4, 4)
    end = date(2022, 6, 26)
    n = len(rows)
    out = io.StringIO()
    out.write("Export Ideenplattform Smart City Pinneberg (Stand: 30.06.2022 14:12);;;;;;;\r\n")
    out.write("\r\n")
    w = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(["Lfd. Nr.", "Titel", "Beschreibung", "Handlungsfeld", "Unterstützungen",
                "Datum", "Ich bin ...", "Stadtteil"])
    nr = 0
    meta = []
    line = 3
    for i, r in enumerate(rows):
        nr += 1
        if nr in (23, 61):  # deleted submissions leave gaps in the numbering
            nr += 1
        d = start + timedelta(days=round(i * (end - start).days / (n - 1)))
        if r[0] == "REJ":
            kind = r[1]
            if kind == "empty":
                cells = ["", "", "", "", "", "", "", ""]
            else:
                t, b, f, u, who, st = REJECTED_ONLINE[kind]
                cells = [nr, t, b, f, u, d.strftime("%d.%m.%Y"), who, st]
            w.writerow(cells)
            line += 1
            reason = {"empty": "leere Zeile (alle Zellen leer)",
                      "tourismus": "unbekanntes Handlungsfeld 'Tourismus'",
                      "notext": "Titel und Beschreibung leer"}[kind]
            what = {"empty": "Zeile ;;;;;;;",
                    "tourismus": "Lfd. Nr. %d: Radtouren-App für Touristen" % nr,
                    "notext": "Lfd. Nr. %d (Mobilität, ohne Text)" % nr}[kind]
            rejected.append({"source_file": "online/ideenplattform-export.csv", "what": what,
                             "reason": reason, "physical_line": line})
            continue
        t, b, f, u, who, st, key = r
        w.writerow([nr, t, b, f, u, d.strftime("%d.%m.%Y"), who, st])
        line += 1 + b.count("\n")
        meta.append((t, b, f, u, key))
    text = out.getvalue()
    path = SAMPLE / "online" / "ideenplattform-export.csv"
    path.write_bytes(text.encode("cp1252"))
    for t, b, f, u, key in meta:
        m = derive_match([t, b], text.count)
        truth.append(truth_row("online/ideenplattform-export.csv", m, online_field(f), key, "idea", u))


def write_forum(truth):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, rows in FORUM.items():
        ws = wb.create_sheet(sheet)
        ws["A1"] = "Bürgerforum Smart City Pinneberg – 14.05.2022"
        ws["A1"].font = Font(bold=True, size=14)
        ws["A2"] = f"Abschrift der Pinnwand „{sheet}“"
        ws["A2"].font = Font(italic=True)
        for c, h in enumerate(["Nr.", "Idee", "Punkte", "Bemerkung"], start=1):
            ws.cell(row=4, column=c, value=h).font = Font(bold=True)
        r = 5
        nr = 0
        for row in rows:
            if row is None:
                r += 1
                continue
            nr += 1
            idee, pts, bem, _key = row
            ws.cell(row=r, column=1, value=nr)
            ws.cell(row=r, column=2, value=idee).alignment = Alignment(wrap_text=True)
            ws.cell(row=r, column=3, value=pts)
            ws.cell(row=r, column=4, value=bem)
            r += 1
        ws.column_dimensions["A"].width = 6
        ws.column_dimensions["B"].width = 70
        ws.column_dimensions["C"].width = 9
        ws.column_dimensions["D"].width = 35
    ws = wb.create_sheet("Hinweise")
    ws["A1"] = "Hinweise zur Abschrift"
    ws["A1"].font = Font(bold=True)
    ws["A3"] = ("Die Ideen wurden von den Pinnwänden des Bürgerforums am 14.05.2022 im Ratssaal "
                "abgeschrieben. Punkte = Anzahl der Klebepunkte (jede Person hatte 5 Punkte). Leere "
                "Punkte-Felder: nicht lesbar bzw. nicht bepunktet. Das Handlungsfeld „Zusammenleben, "
                "Bildung und Kultur“ wurde auf der Pinnwand „Bildung & Kultur“ gesammelt.")
    ws["A3"].alignment = Alignment(wrap_text=True)
    ws.column_dimensions["A"].width = 100
    path = SAMPLE / "forum" / "buergerforum-2022-05-14.xlsx"
    wb.save(path)
    cells = [str(c.value) for s in wb.worksheets for row in s.iter_rows() for c in row if c.value is not None]

    def count(w):
        return sum(c.count(w) for c in cells)

    for sheet, rows in FORUM.items():
        for row in rows:
            if row is None:
                continue
            idee, pts, bem, key = row
            truth.append(truth_row("forum/buergerforum-2022-05-14.xlsx", derive_match([idee], count),
                                   FORUM_FIELD[sheet], key, "idea", pts))


def file_field(name: str) -> str:
    for stem, f in (("mobilitaet", MOB), ("wirtschaft", WIR), ("verwaltung", VER),
                    ("lebensumfeld", LEB), ("zusammenleben", ZUS)):
        if stem in name:
            return f
    raise ValueError(name)


def write_texts(truth):
    for rel, annotated in TEXTS.items():
        lines = annotated.split("\n")
        clean = [ANNOT.sub("", ln) for ln in lines]
        text = "\n".join(clean)
        nl = "\r\n" if rel in CRLF_TEXTS else "\n"
        (SAMPLE / rel).write_bytes(text.replace("\n", nl).encode("utf-8"))
        field = file_field(rel)
        section = ""
        items = []
        for ln in lines:
            raw = ANNOT.sub("", ln)
            stripped = raw.strip().rstrip(":").lstrip("#").strip().lower()
            if stripped in SECTION_WORDS:
                section = SECTION_WORDS[stripped]
                continue
            m = MARKER.match(raw)
            key = ANNOT.search(ln)
            if m and m.group(1):  # nested detail
                assert not key, ln
                if items and not items[-1]["details"]:
                    items[-1]["details"].append(raw[m.end():])
                continue
            if m:
                assert key, f"unannotated top-level item in {rel}: {ln!r}"
                body, votes = parse_vote(raw[m.end():])
                items.append({"body": body, "votes": votes, "key": key.group(1),
                              "section": section, "details": []})
            else:
                assert not key, ln
        for it in items:
            match = derive_match([it["body"]], text.count)
            detail = derive_match(it["details"], text.count, min_len=12) if it["details"] else ""
            truth.append(truth_row(rel, match, field, it["key"], it["section"], it["votes"], detail))


def write_docx(truth):
    make_docx.build(SAMPLE / "workshops")
    for name, blocks in make_docx.DOCS.items():
        rel = f"workshops/{name}"
        strings = []
        for style, content, _k in blocks:
            if style == "table":
                strings += ["Idee", "Punkte"] + [s for idea, p, _ in content for s in (idea, str(p))]
            else:
                strings.append(content)

        def count(w):
            return sum(s.count(w) for s in strings)

        field = file_field(name)
        section = ""
        items = []
        for style, content, key in blocks:
            if style == "Heading 2":
                low = content.lower()
                section = ("challenge" if "herausforderung" in low else
                           "idea" if ("ideen" in low or "priorisierung" in low) else "other")
            elif style in ("List Bullet", "List Number"):
                body, votes = parse_vote(content)
                items.append({"body": body, "votes": votes, "key": key, "section": section, "details": []})
            elif style == "List Bullet 2":
                if not items[-1]["details"]:
                    items[-1]["details"].append(content)
            elif style == "table":
                for idea, pts, k in content:
                    items.append({"body": idea, "votes": pts, "key": k, "section": section, "details": []})
        for it in items:
            match = derive_match([it["body"]], count)
            detail = derive_match(it["details"], count, min_len=12) if it["details"] else ""
            truth.append(truth_row(rel, match, field, it["key"], it["section"], it["votes"], detail))


# --------------------------------------------------------------------------- ratings
RATED = {  # rating name (paraphrase, as the experts wrote it) -> measure key
    "Lückenloses, baulich gesichertes Radnetz": "MOB-01",
    "Gesicherte Abstellanlagen für Fahrräder am Bahnhof": "MOB-02",
    "Kommunales E-Lastenrad-Sharing": "MOB-03",
    "Mikro-Hub und emissionsfreie Zustellung auf der letzten Meile": "MOB-04",
    "Echtzeit-Fahrgastinformation an Haltestellen": "MOB-05",
    "Bedarfsverkehr (On-Demand) für Randlagen": "MOB-06",
    "Integrierte Mobilitätsplattform (Mobility as a Service)": "MOB-07",
    "Sensorgestütztes Parkraummanagement": "MOB-08",
    "Öffentliche Ladeinfrastruktur für E-Fahrzeuge": "MOB-09",
    "Digitale Plattform für den lokalen Einzelhandel": "WIR-01",
    "Leerstandskataster und Zwischennutzung": "WIR-02",
    "Coworking-Angebot in Bahnhofsnähe": "WIR-05",
    "Breitbandanbindung der Gewerbegebiete": "WIR-07",
    "Digitale Plattform für Ausbildung und Praktika": "WIR-08",
    "Digitalisierung der Verwaltungsleistungen (OZG-Umsetzung)": "VER-01",
    "Online-Terminmanagement Bürgerbüro": "VER-02",
    "Digitaler Mängelmelder": "VER-03",
    "Kommunale Bürger-App": "VER-04",
    "Offene Verwaltungsdaten (Open Data)": "VER-05",
    "Digitallotsen und Bürgerterminal im Rathaus": "VER-08",
    "Messnetz für Luftqualität, Lärm und Stadtklima": "LEB-01",
    "Intelligentes Bewässerungsmanagement Stadtgrün": "LEB-02",
    "Füllstandssensorik für öffentliche Abfallbehälter": "LEB-03",
    "Adaptive LED-Straßenbeleuchtung": "LEB-04",
    "Technische Assistenzsysteme für selbstbestimmtes Wohnen im Alter": "LEB-05",
    "Telemedizinische Versorgung": "LEB-06",
    "Photovoltaik auf kommunalen Liegenschaften": "LEB-08",
    "Digitale Infrastruktur an Schulen": "ZUS-01",
    "Offene Digitalwerkstatt in der Stadtbücherei": "ZUS-02",
    "Zentraler Veranstaltungskalender": "ZUS-05",
    "Digitale Raumvergabe für Vereine": "ZUS-06",
    "Seilbahn nach Hamburg": "",
}
RATERS = ["FD Stadtentwicklung", "FD IT", "Klimaschutzmanagement"]
CRITERIA = ["Wirkung", "Umsetzbarkeit", "Kosten", "Dringlichkeit"]


def write_ratings():
    rng = random.Random(514)
    out = io.StringIO()
    w = csv.writer(out, delimiter=",", lineterminator="\r\n")
    w.writerow(["Maßnahme", "Bewerter/in"] + CRITERIA)
    rows = []
    for name, key in RATED.items():
        if not key:
            continue
        base = [rng.randint(2, 5) for _ in CRITERIA]
        for rater in RATERS:
            vals = []
            for b in base:
                v = b + rng.choice([-1, 0, 0, 0, 1])
                if rng.random() < 0.08:  # strong disagreement
                    v = b + rng.choice([-2, 2])
                vals.append(min(5, max(1, v)))
            rows.append([name, rater] + vals)
    # a measure rated by only two raters
    rows = [r for r in rows if not (r[0] == "Kommunales E-Lastenrad-Sharing" and r[1] == "FD IT")]
    # skipped criteria -> empty cells
    for idx, col in ((5, 4), (23, 3), (47, 5), (70, 2)):
        rows[idx][col] = ""
    # rater disagreement on purpose
    for r in rows:
        if r[0] == "Sensorgestütztes Parkraummanagement":
            r[2:] = {"FD Stadtentwicklung": [3, 4, 3, 2], "FD IT": [4, 5, 3, 3],
                     "Klimaschutzmanagement": [1, 3, 3, 1]}[r[1]]
    rows.insert(61, ["Seilbahn nach Hamburg", "FD Stadtentwicklung", 2, 1, 1, 1])
    for r in rows:
        w.writerow(r)
    (SAMPLE / "bewertungen" / "expertenbewertung-verwaltung.csv").write_bytes(out.getvalue().encode("utf-8-sig"))
    with open(HERE / "ratings-key.csv", "w", encoding="utf-8", newline="") as fh:
        kw = csv.writer(fh)
        kw.writerow(["Maßnahme", "measure"])
        for name, key in RATED.items():
            kw.writerow([name, key])
    return len(rows)


def main():
    for sub in ("online", "forum", "workshops", "bewertungen"):
        (SAMPLE / sub).mkdir(parents=True, exist_ok=True)
    truth, rejected = [], []
    write_online(truth, rejected)
    write_forum(truth)
    write_texts(truth)
    write_docx(truth)
    n_ratings = write_ratings()
    cols = ["source_file", "match", "field", "measure", "measure_name", "theme", "theme_name",
            "section", "votes", "detail"]
    with open(HERE / "groups.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        w.writerows(truth)
    with open(HERE / "rejected.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["source_file", "what", "reason", "physical_line"])
        w.writeheader()
        w.writerows(rejected)
    # PII key: which contribution (by match) contains which fictitious personal datum
    pii_rows = []
    all_items = _item_texts()
    for t, v in PII:
        hits = [(src, m) for (src, m, txt) in all_items if v in txt]
        assert len(hits) == 1, (v, hits)
        pii_rows.append({"source_file": hits[0][0], "match": hits[0][1], "pii_type": t, "value": v})
    with open(HERE / "pii.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["source_file", "match", "pii_type", "value"])
        w.writeheader()
        w.writerows(pii_rows)
    print(f"{len(truth)} contributions, {len(rejected)} rejected, {n_ratings} rating rows, "
          f"{len(pii_rows)} PII values in {len({(p['source_file'], p['match']) for p in pii_rows})} contributions")


def _item_texts():
    """(source_file, match, full text incl. details) for every keyed item — used for the PII key."""
    import csv as _csv
    out = []
    truth = list(_csv.DictReader(open(HERE / "groups.csv", encoding="utf-8")))
    texts = []
    for t, b, f, u, who, st, key in ONLINE + CAMPAIGN:
        texts.append(("online/ideenplattform-export.csv", t + " " + b))
    for sheet, rows in FORUM.items():
        texts += [("forum/buergerforum-2022-05-14.xlsx", r[0] + " " + (r[2] or "")) for r in rows if r]
    for rel, annotated in TEXTS.items():
        cur = None
        for ln in annotated.split("\n"):
            raw = ANNOT.sub("", ln)
            m = MARKER.match(raw)
            if m and not m.group(1):
                cur = [rel, raw]
                texts.append(cur)
            elif m and cur:
                cur[1] += "; " + raw[m.end():]
    for name, blocks in make_docx.DOCS.items():
        rel = f"workshops/{name}"
        cur = None
        for style, content, _k in blocks:
            if style in ("List Bullet", "List Number"):
                cur = [rel, content]
                texts.append(cur)
            elif style == "List Bullet 2" and cur:
                cur[1] += "; " + content
            elif style == "table":
                texts += [[rel, i] for i, _p, _k2 in content]
    for row in truth:
        cands = [tx for (src, tx) in texts if src == row["source_file"] and row["match"] in tx]
        assert len(cands) == 1, (row, cands)
        out.append((row["source_file"], row["match"], cands[0]))
    return out


if __name__ == "__main__":
    main()
