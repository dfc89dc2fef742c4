"""Made-up people, addresses and identity numbers for the demo, from a seeded random source.

Nobody here is real: names are drawn from common Vietnamese family, middle and given
names; identity numbers follow the CCCD layout (province of birth 074 = Bình Dương, a
century-and-sex digit, two digits of the birth year, six random digits).
"""

import random
import unicodedata
from dataclasses import dataclass
from datetime import date

from motcua.demo.data import read


@dataclass(frozen=True)
class Person:
    name: str
    male: bool
    born: date
    national_id: str
    phone: str

    @property
    def family_name(self) -> str:
        return self.name.split()[0]

    def email(self) -> str:
        return f"{ascii_slug(self.name).replace('-', '.')}{self.born.year % 100:02d}@example.com"


def ascii_slug(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in plain.lower()).split())


class People:
    """Draws people and addresses; every draw comes from the random source it is given."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.data = read("people")
        self.family_names = [name for name, _ in self.data["family_names"]]
        self.family_weights = [weight for _, weight in self.data["family_names"]]

    def full_name(self, male: bool, family: str | None = None) -> str:
        sex = "male" if male else "female"
        family = family or self.rng.choices(self.family_names, self.family_weights)[0]
        middle = self.rng.choice(self.data["middle_names"][sex])
        given = self.rng.choice(self.data["given_names"][sex])
        return f"{family} {middle} {given}"

    def national_id(self, male: bool, born: date) -> str:
        century = 0 if born.year < 2000 else 2
        return f"074{century + (0 if male else 1)}{born.year % 100:02d}{self.rng.randrange(10**6):06d}"

    def phone(self) -> str:
        return self.rng.choice(["090", "091", "093", "097", "098", "086", "070", "079", "083", "094"]) + f"{self.rng.randrange(10**7):07d}"

    def person(self, *, male: bool | None = None, age: tuple[int, int] = (20, 70), today: date, family: str | None = None) -> Person:
        male = self.rng.random() < 0.5 if male is None else male
        born = date(today.year - self.rng.randint(*age), self.rng.randint(1, 12), self.rng.randint(1, 28))
        return Person(
            name=self.full_name(male, family), male=male, born=born,
            national_id=self.national_id(male, born), phone=self.phone(),
        )

    def address(self, area: str) -> str:
        street = self.rng.choice(self.data["streets"])
        number = self.rng.randint(1, 450)
        alley = f"/{self.rng.randint(1, 40)}" if self.rng.random() < 0.35 else ""
        return f"Số {number}{alley}, đường {street}, khu phố {self.rng.randint(1, 9)}, {area}"

    def company(self) -> str:
        pattern = self.rng.choice(self.data["companies"])
        return pattern.format(name=self.rng.choice(self.data["company_words"]))

    def tax_code(self) -> str:
        return f"37{self.rng.randrange(10**8):08d}"
