"""Word lists the demo data is made of."""

COMPANY_CORES = (
    "Northwind", "Contoso", "Fabrikam", "Adventure Works", "Litware", "Tailspin", "Wingtip", "Alpine Ski",
    "Blue Yonder", "Coho Winery", "Graphic Design", "Humongous", "Lucerne", "Margie's Travel", "Proseware",
    "Southridge", "Trey Research", "Wide World", "Woodgrove", "Fourth Coffee", "Relecloud", "Bellows",
    "Cascade", "Granite", "Harbor", "Ironwood", "Juniper", "Keystone", "Lakeshore", "Meridian", "Nimbus",
    "Oakridge", "Pinnacle", "Quarry", "Redwood", "Summit", "Timberline", "Upland", "Vertex", "Willow",
    "Aurora", "Beacon", "Cobalt", "Delta", "Evergreen", "Falcon", "Glacier", "Horizon", "Indigo", "Jasper",
    "Kestrel", "Lumen", "Mosaic", "Nova", "Orchid", "Polaris", "Quantum", "Riverbend", "Sierra", "Tidewater",
)
COMPANY_KINDS = (
    "Traders", "Systems", "Logistics", "Foods", "Energy", "Health", "Media", "Labs", "Manufacturing",
    "Consulting", "Finance", "Retail", "Motors", "Pharma", "Textiles", "Analytics", "Robotics", "Outfitters",
    "Hotels", "Airlines", "Bank", "Insurance", "Telecom", "Software", "Construction", "Shipping",
)
COMPANY_SUFFIXES = ("Inc.", "Ltd", "GmbH", "LLC", "S.A.", "plc", "AG", "Group", "Co.", "")
DIVISIONS = (
    "Europe", "Americas", "Asia Pacific", "Nordics", "UK", "France", "Germany", "Japan", "Brazil", "Canada",
    "Research", "Services", "Holdings", "Retail", "Wholesale", "Digital", "Finance", "Logistics",
    "North", "South", "East", "West", "Central", "Manufacturing", "Support", "Labs",
)
FIRST_NAMES = (
    "Aisha", "Alejandro", "Amelia", "Anders", "Ana", "Arjun", "Beatriz", "Ben", "Camille", "Carlos",
    "Chen", "Chloe", "Daniel", "Dmitri", "Elena", "Emma", "Fatima", "Felix", "Freya", "Gabriel",
    "Grace", "Hana", "Hugo", "Ines", "Isaac", "Jamal", "Jana", "Jin", "Jonas", "Julia", "Kai", "Kenji",
    "Lars", "Laura", "Leila", "Liam", "Lucia", "Maya", "Mateo", "Mia", "Mohammed", "Nadia", "Nina",
    "Noah", "Olivia", "Omar", "Paula", "Pedro", "Priya", "Rafael", "Rosa", "Sam", "Sara", "Sofia",
    "Tariq", "Thomas", "Uma", "Victor", "Wei", "Yuki", "Zara", "Zoe", "Oliver", "Ingrid", "Kofi", "Lena",
)
LAST_NAMES = (
    "Abbott", "Adams", "Ahmed", "Andersen", "Bauer", "Becker", "Brown", "Chen", "Costa", "Cruz", "Dubois",
    "Eriksson", "Evans", "Fischer", "Garcia", "Gonzalez", "Gupta", "Hansen", "Hernandez", "Ito", "Jensen",
    "Johnson", "Kim", "Kowalski", "Kumar", "Larsen", "Lee", "Lopez", "Martin", "Meyer", "Miller", "Moreau",
    "Morris", "Nakamura", "Nguyen", "Nielsen", "Novak", "O'Brien", "Okafor", "Patel", "Perez", "Petrov",
    "Rossi", "Sato", "Schmidt", "Silva", "Singh", "Smith", "Suzuki", "Tanaka", "Taylor", "Thompson",
    "Torres", "Wagner", "Walker", "Wang", "Weber", "Williams", "Wilson", "Wright", "Yamamoto", "Young",
    "Zhang", "Ziegler", "Mensah", "Haddad", "Virtanen", "Kaplan",
)
JOB_TITLES = (
    "Purchasing Manager", "Chief Executive Officer", "Chief Financial Officer", "IT Director", "Office Manager",
    "Sales Director", "Head of Operations", "Procurement Lead", "Marketing Manager", "Project Manager",
    "Software Engineer", "Account Executive", "Customer Success Manager", "Legal Counsel", "Buyer",
    "Facilities Manager", "VP Engineering", "HR Business Partner", "Logistics Coordinator", "Controller",
)
CITIES = (
    ("Seattle", "WA", "98101", "United States"), ("Redmond", "WA", "98052", "United States"),
    ("Chicago", "IL", "60601", "United States"), ("Austin", "TX", "73301", "United States"),
    ("Boston", "MA", "02108", "United States"), ("Toronto", "ON", "M5H 2N2", "Canada"),
    ("London", "", "EC1A 1BB", "United Kingdom"), ("Manchester", "", "M1 1AE", "United Kingdom"),
    ("Paris", "", "75001", "France"), ("Lyon", "", "69001", "France"), ("Berlin", "", "10115", "Germany"),
    ("Munich", "BY", "80331", "Germany"), ("Madrid", "", "28001", "Spain"), ("Lisbon", "", "1100-148", "Portugal"),
    ("Stockholm", "", "111 20", "Sweden"), ("Oslo", "", "0150", "Norway"), ("Tokyo", "", "100-0001", "Japan"),
    ("Osaka", "", "530-0001", "Japan"), ("Sydney", "NSW", "2000", "Australia"), ("São Paulo", "SP", "01000-000", "Brazil"),
    ("Mumbai", "MH", "400001", "India"), ("Singapore", "", "018956", "Singapore"), ("Nairobi", "", "00100", "Kenya"),
    ("Accra", "", "GA-123", "Ghana"), ("Dublin", "", "D01 F5P2", "Ireland"), ("Amsterdam", "", "1011", "Netherlands"),
)
STREETS = ("Main St", "Harbour Rd", "Market Street", "King's Road", "Rue de Rivoli", "Hauptstraße",
           "Calle Mayor", "Queen St W", "Collins St", "Orchard Rd", "Ring Road", "Station Road")
DEMO_USERS = (
    ("alex", "Alex Morgan"), ("sam", "Sam Rivera"), ("priya", "Priya Shah"), ("jordan", "Jordan Lee"),
)
