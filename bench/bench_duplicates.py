"""Duplicate scan of 1,000,000 synthetic participants with 2 % injected duplicates (target: under
5 minutes, precision >= 0.95, recall >= 0.90), against a naive all-pairs comparison on a small
sample, extrapolated. The algorithm is pure (wirausaha.registry.duplicates.scoring), so no database is needed.

`BENCH_DEDUP_SIZE` changes the size (default 1,000,000); `BENCH_DEDUP_SAMPLE` the baseline's
sample (default 3,000). Seeded: every run generates the same people.
"""

import csv
import os
import random
import resource
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

from wirausaha.registry.duplicates.scoring import Person, duplicates_of, find_duplicates, name_key

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "wirausaha" / "reference" / "data"
SIZE = int(os.environ.get("BENCH_DEDUP_SIZE", "1000000"))
SAMPLE = int(os.environ.get("BENCH_DEDUP_SAMPLE", "3000"))
DUPLICATE_SHARE = 0.02
SEED = 20250101


def words(text: str) -> list[str]:
    return text.split()


# Given names, most common first (the draw is Zipf-like, so the first ones collide a lot).
FEMALE = words("""
Siti Sri Nur Dewi Rina Yuli Fitri Indah Ratna Endang Ayu Eka Dwi Tri Novi Desi Rini Yanti Lina
Maya Putri Nurul Ika Dian Wulan Ani Lilis Euis Neneng Iis Ida Titin Tuti Aisyah Fatimah Aminah
Halimah Anisa Kartika Sumarni Suryani Sulastri Sunarti Sumiati Ningsih Lestari Wahyuni Rahmawati
Kurniawati Handayani Mulyani Hartati Susanti Fitriani Septiani Oktaviani Agustina Yulianti Novita
Wulandari Anggraini Safitri Purnamasari Puspitasari Maharani Rahayu Rosita Yuliana Mega Intan
Reni Yeni Tini Sari Wati Umi Nia Mira Vina Rani Citra Nanda Tika Winda Yunita Evi Lia Erna Erni
Heni Ika Juwita Kasih Laila Marlina Murni Nani Nining Nurhayati Nuraini Patimah Ponirah Ratih
Risma Rohani Rosmiati Salmah Siswati Sofia Suharti Sukaesih Sumiyati Suprihatin Supriyati Tarni
Tatik Tuminah Umiyati Warsini Yati Yayah Zahra Zainab Khadijah Hasanah Mariam Rukmini Juleha
""")
MALE = words("""
Muhammad Ahmad Agus Budi Andi Joko Eko Dedi Hendra Rudi Yusuf Rizki Arif Bambang Slamet Heru
Wahyu Dwi Tri Eka Adi Iwan Hadi Rahmat Ali Hasan Ilham Fajar Bayu Dani Doni Edi Faisal Fauzi
Hendri Imam Irfan Jaka Kurniawan Lukman Nanang Nur Rahman Ridwan Rizal Rohmat Sigit Sugeng Sutrisno
Suparman Sukardi Sumarno Suyanto Supriyadi Sugianto Sunardi Suwarno Haryanto Mulyadi Setiawan
Hidayat Saputra Nugroho Prasetyo Santoso Gunawan Firmansyah Hermawan Kusuma Purnomo Wibowo
Susanto Yanto Yudi Zainal Abdul Aziz Bagus Dimas Galih Gilang Hafiz Ikhsan Indra Jamal Kholid
Maman Mamat Ujang Asep Cecep Dadang Deden Encep Entis Ucup Wawan Yayan Yoyo Usman Umar Ismail
Ibrahim Ilyas Musa Daud Sulaiman Harun Hamzah Habib Amir Anwar Arief Aris Ary Bima Candra Deni
""")
# Family and second names (Javanese, Sundanese, Malay, Batak marga, Minang, Bugis, Chinese-Indonesian).
LAST = words("""
Saputra Pratama Hidayat Santoso Setiawan Wijaya Nugroho Kurniawan Prasetyo Gunawan Susanto
Purnomo Wibowo Firmansyah Hermawan Kusuma Permana Ramadhan Maulana Rahman Hakim Syahputra
Lubis Siregar Nasution Harahap Simanjuntak Sitorus Hutapea Pane Situmorang Sinaga Manurung
Tanjung Chaniago Koto Piliang Daeng Pasaribu Ginting Sembiring Tarigan Damanik Simatupang
Rahmawati Lestari Wahyuni Handayani Kurniasih Susilowati Anggraeni Puspitasari Wulandari
Safitri Yuliani Agustina Oktaviani Maharani Rahayu Utami Astuti Purwanti Suryani Mulyani
Sari Amelia Fitriani Hasanah Nurhaliza Aminah Zulaikha Hidayati Ningrum Prasetyawati Cahyani
Tanoto Halim Salim Gunadi Wirawan Sudirman Suhendra Sutanto Haryono Mulyono Sunarto Subagyo
Abdullah Hamid Ibrahim Ismail Yusuf Iskandar Syarifuddin Hasibuan Daulay Batubara Lumbantobing
Marpaung Napitupulu Panjaitan Sihombing Silalahi Tambunan Tampubolon Matondang Ritonga Rangkuti
""")
MIDDLE = words("""
Nur Dwi Tri Eka Sri Ayu Dewi Putra Putri Indah Adi Budi Rizki Fitri Ika Nurul Abdul Ahmad
Hadi Wahyu Agus Dian Arif Yudha Bagus Setia Kurnia Cahya Mega Intan Tri Rahma Permata
""")
# Javanese one-word names and invented given names are built from syllables: parents make names
# up, so the tail of the name distribution is long.
JAVA_HEADS = words("Su Sa Sri Pa Wa Ha Mu Ka Ti Sar Tu Ru Pur Mar Sum War Dar")
JAVA_STEMS = words("par yan tar har mar wan ri pri ka ma gi nar dar ja ki rja dji mi")
JAVA_TAILS = words("man to no di yo ni ti yati nah nem sih mi yem ono anto ini")
INVENTED_HEADS = words("Ar Fe Ri Yu De An Re Wi Al Fa Ha Ri Di Ek Gi In Ju Ke Ma Na Ra Sa Ta Za")
INVENTED_STEMS = words("dian bri zal nal vin lan kur tan dra mel ris fan sya lia ren gun dit")
INVENTED_TAILS = words("syah to ti ni na ra sa ya di ka wan ta dy ah el")
BALI_ORDER = ["Wayan", "Made", "Nyoman", "Ketut", "Putu", "Kadek", "Komang", "Gede"]
TITLES = ["H.", "Hj.", "Dr.", "Ir.", "Drs.", "Ibu", "Bapak"]
DEGREES = [", S.Pd.", ", S.E.", ", S.H.", ", S.Kom.", ", A.Md.", " SE", ", S.Pd.I", ", M.M."]
ABBREVIATIONS = {"Muhammad": ["M.", "Muh.", "Moh.", "Mochammad", "Muhamad"], "Ahmad": ["Achmad", "Akhmad"]}
OLD_SPELLING = [("u", "oe"), ("j", "dj"), ("c", "tj"), ("i", "ie")]


def zipf_weights(count: int, exponent: float) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


class People:
    """Synthetic registry rows plus the truth: which pairs are the same person."""

    def __init__(self, size: int, rng: random.Random):
        self.rng = rng
        self.villages_by_province, self.province_weights = self._places()
        self.provinces = list(self.province_weights)
        self.female_w = zipf_weights(len(FEMALE), 0.8)
        self.male_w = zipf_weights(len(MALE), 0.8)
        self.last_w = zipf_weights(len(LAST), 0.6)
        self.middle_w = zipf_weights(len(MIDDLE), 0.7)
        self.java = [h + s + t for h in JAVA_HEADS for s in JAVA_STEMS for t in JAVA_TAILS]
        self.invented = [
            h + s.lower() + t for h in INVENTED_HEADS for s in INVENTED_STEMS for t in INVENTED_TAILS
        ]
        rng.shuffle(self.java)
        rng.shuffle(self.invented)
        self.java_w = zipf_weights(len(self.java), 0.6)
        self.serials: Counter = Counter()
        self.phones: set[str] = set()
        self.rows: list[Person] = []
        self.truth: set[tuple[int, int]] = set()
        self.variants: Counter = Counter()
        self.by_truth_kind: dict[tuple[int, int], str] = {}
        self._build(size)

    # -- places, names, dates, phones, NIKs --------------------------------------------------------
    def _places(self):
        villages = defaultdict(list)
        with open(DATA / "wilayah_desa.csv", newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                villages[row["code"][:2]].append(row["code"])
        weights = Counter()
        with open(DATA / "phk_per_provinsi_2024_2025.csv", newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                weights[row["province_code"]] += int(row["laid_off_workers"] or 0)
        # Layoffs follow the published counts per province; every province gets some people.
        return villages, {code: weights.get(code, 0) + 200 for code in villages}

    def place(self) -> str:
        province = self.rng.choices(self.provinces, self.province_weights_list)[0]
        village = self.rng.choice(self.villages_by_province[province])
        # One in twelve registrations knows only the district, not the village.
        return village.rsplit(".", 1)[0] if self.rng.random() < 1 / 12 else village

    def given(self, sex: str) -> str:
        rng = self.rng
        if rng.random() < 0.25:
            return rng.choice(self.invented)
        if sex == "F":
            return rng.choices(FEMALE, self.female_w)[0]
        return rng.choices(MALE, self.male_w)[0]

    def name(self, sex: str, family: str = "") -> str:
        rng = self.rng
        shape = rng.random()
        if shape < 0.08 and not family:
            return rng.choices(self.java, self.java_w)[0]  # one-word names, common among older Javanese
        first = self.given(sex)
        if shape < 0.11 and not family:
            prefix = "Ni" if sex == "F" else "I"
            return f"{prefix} {rng.choice(BALI_ORDER)} {first}"
        last = family or (
            rng.choice(self.invented) if rng.random() < 0.15 else rng.choices(LAST, self.last_w)[0]
        )
        if shape < 0.50:
            middle = self.given(sex) if rng.random() < 0.5 else rng.choices(MIDDLE, self.middle_w)[0]
            return f"{first} {middle} {last}"
        return f"{first} {last}"

    def birth_date(self) -> date:
        year = self.rng.randint(1970, 2005)
        if self.rng.random() < 0.03:
            return date(year, 1, 1)  # unknown day and month, registered as 1 January
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(365))

    def phone(self) -> str:
        while True:
            number = f"+628{self.rng.randrange(11, 99)}{self.rng.randrange(10**7, 10**8)}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def nik(self, place: str, birth: date, sex: str) -> str:
        district = ".".join(place.split(".")[:3]).replace(".", "")
        day = birth.day + (40 if sex == "F" else 0)
        stem = f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        self.serials[stem] += 1
        return f"{stem}{self.serials[stem]:04d}"

    # -- the registry ------------------------------------------------------------------------------
    def _build(self, size: int) -> None:
        rng = self.rng
        self.province_weights_list = [self.province_weights[code] for code in self.provinces]
        duplicates = int(size * DUPLICATE_SHARE)
        originals = size - duplicates
        ids = list(range(1, size + 1))
        rng.shuffle(ids)
        sexes: list[str] = []
        for index in range(originals):
            sex = "F" if rng.random() < 0.45 else "M"
            birth = self.birth_date()
            name = self.name(sex)
            roll = rng.random()
            if roll < 0.04 and self.rows:
                # A household member of the previous registration: same home, same phone, often
                # the same family name, never the same given name.
                home = self.rows[-1]
                place, phone = home.village, home.phone
                words = home.full_name.split()
                family = words[-1] if len(words) > 1 and rng.random() < 0.5 else ""
                while name.split()[0] == words[0]:
                    name = self.name(sex, family)
                if family:
                    name = self.name(sex, family)
                    while name.split()[0] == words[0]:
                        name = self.name(sex, family)
            else:
                place = self.place()
                phone = "" if roll < 0.12 else self.phone()
            self.rows.append(Person(ids[index], self.nik(place, birth, sex), name, birth, phone, place))
            sexes.append(sex)
        # Five officers registered hundreds of people each on their own phone.
        for _ in range(5):
            shared = self.phone()
            start = rng.randrange(originals - 600)
            for index in range(start, start + rng.randint(200, 600)):
                row = self.rows[index]
                self.rows[index] = Person(row.id, row.nik, row.full_name, row.birth_date, shared, row.village)
        for index, original_index in enumerate(rng.sample(range(originals), duplicates)):
            original = self.rows[original_index]
            copy, kind = self.duplicate(original, sexes[original_index], ids[originals + index])
            self.rows.append(copy)
            pair = tuple(sorted((original.id, copy.id)))
            self.truth.add(pair)
            self.by_truth_kind[pair] = kind

    def duplicate(self, original: Person, sex: str, new_id: int) -> tuple[Person, str]:
        """The same person registered again under another NIK, with the slips people make."""
        rng = self.rng
        name, name_kind = self.vary_name(original.full_name)
        roll = rng.random()
        if roll < 0.82:
            birth, birth_kind = original.birth_date, "same date"
        elif roll < 0.95:
            birth, birth_kind = self.slip(original.birth_date), "date slip"
        else:
            birth, birth_kind = date(original.birth_date.year, 1, 1), "date unknown"
        roll = rng.random()
        if roll < 0.55:
            phone, phone_kind = original.phone, "same phone"
        elif roll < 0.90:
            phone, phone_kind = self.phone(), "new phone"
        else:
            phone, phone_kind = "", "no phone"
        roll = rng.random()
        district = ".".join(original.village.split(".")[:3])
        if roll < 0.70:
            place, place_kind = original.village, "same place"
        elif roll < 0.80:
            place, place_kind = district, "district only"
        elif roll < 0.88:
            place, place_kind = self.near_village(district), "other village, same district"
        else:
            place, place_kind = self.place(), "moved"
        self.variants.update([name_kind, birth_kind, phone_kind, place_kind])
        nik = self.nik(place, birth, sex)
        kind = ", ".join((name_kind, birth_kind, phone_kind, place_kind))
        return Person(new_id, nik, name, birth, phone, place), kind

    def near_village(self, district: str) -> str:
        villages = [
            code for code in self.villages_by_province[district[:2]] if code.startswith(district + ".")
        ]
        return self.rng.choice(villages) if villages else district

    def slip(self, birth: date) -> date:
        rng = self.rng
        for _ in range(10):
            kind = rng.random()
            try:
                if kind < 0.4:
                    day = birth.day + rng.choice([-1, 1, 10, -10])
                    return birth.replace(day=day)
                if kind < 0.7 and birth.day <= 12:
                    return birth.replace(day=birth.month, month=birth.day)
                if kind < 0.85:
                    return birth.replace(year=birth.year + rng.choice([-1, 1]))
                return birth.replace(month=rng.choice([m for m in range(1, 13) if m != birth.month]))
            except ValueError:
                continue
        return birth

    def vary_name(self, name: str) -> tuple[str, str]:
        rng = self.rng
        words = name.split()
        roll = rng.random()
        if roll < 0.30:
            return name, "same name"
        if roll < 0.50:
            return self.typo(name), "typo"
        if roll < 0.60 and len(words) > 1:
            return " ".join(words[1:] + words[:1]), "swapped order"
        if roll < 0.72:
            if rng.random() < 0.5:
                return f"{rng.choice(TITLES)} {name}", "title added"
            return f"{name}{rng.choice(DEGREES)}", "degree added"
        if roll < 0.82:
            for word in words:
                if word in ABBREVIATIONS:
                    return name.replace(word, rng.choice(ABBREVIATIONS[word]), 1), "spelling variant"
            old, new = rng.choice(OLD_SPELLING)
            if old in name:
                return name.replace(old, new, 1), "spelling variant"
            return name.upper(), "capitals"
        if roll < 0.92 and len(words) > 2:
            return " ".join(words[:-1] if rng.random() < 0.5 else [words[0], words[-1]]), "name shortened"
        return f"{rng.choice(TITLES)} {self.typo(name)}", "typo and title"

    def typo(self, name: str) -> str:
        rng = self.rng
        letters = [i for i, c in enumerate(name) if c.isalpha()]
        if len(letters) < 4:
            return name
        at = rng.choice(letters[1:])
        kind = rng.random()
        if kind < 0.35:
            return name[:at] + rng.choice("aeiounrst") + name[at + 1 :]
        if kind < 0.6:
            return name[:at] + name[at + 1 :]
        if kind < 0.8:
            return name[:at] + name[at] + name[at:]
        if at + 1 < len(name) and name[at + 1].isalpha():
            return name[:at] + name[at + 1] + name[at] + name[at + 2 :]
        return name[:at] + "h" + name[at:]


def measure(found: set[tuple[int, int]], truth: set[tuple[int, int]]) -> tuple[float, float]:
    true_positives = len(found & truth)
    precision = true_positives / len(found) if found else 1.0
    recall = true_positives / len(truth) if truth else 1.0
    return precision, recall


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def sample_of(people: People, size: int, rng: random.Random) -> tuple[list[Person], set[tuple[int, int]]]:
    """`size` records of which 2 % are duplicates of others in the sample, like the full set."""
    by_id = {row.id: row for row in people.rows}
    pairs = rng.sample(sorted(people.truth), int(size * DUPLICATE_SHARE))
    in_pairs = {person_id for pair in pairs for person_id in pair}
    in_any_pair = {person_id for pair in people.truth for person_id in pair}
    others = [row for row in people.rows if row.id not in in_any_pair]
    rows = [by_id[i] for i in sorted(in_pairs)] + rng.sample(others, size - len(in_pairs))
    return rows, set(pairs)


def naive(rows: list[Person]) -> tuple[set[tuple[int, int]], float, int]:
    counts = Counter(name_key(row.full_name) for row in rows)
    started = time.perf_counter()
    found = set()
    for index, row in enumerate(rows):
        for candidate in duplicates_of(row, rows[index + 1 :], name_counts=counts):
            found.add((candidate.id_a, candidate.id_b))
    return found, time.perf_counter() - started, len(rows) * (len(rows) - 1) // 2


def main() -> None:
    rng = random.Random(SEED)
    started = time.perf_counter()
    people = People(SIZE, rng)
    generated_s = time.perf_counter() - started
    rows = people.rows
    keys = Counter(name_key(row.full_name) for row in rows)
    namesakes = sum(count * (count - 1) for count in keys.values()) / len(rows)
    top_name, top_count = keys.most_common(1)[0]

    rss_before = rss_mb()
    started = time.perf_counter()
    scan = find_duplicates(rows)
    scan_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = {(c.id_a, c.id_b) for c in scan.candidates}
    precision, recall = measure(found, people.truth)

    sample_rows, sample_truth = sample_of(people, SAMPLE, random.Random(SEED + 1))
    naive_found, naive_s, naive_pairs = naive(sample_rows)
    naive_precision, naive_recall = measure(naive_found, sample_truth)
    started = time.perf_counter()
    blocked_sample = find_duplicates(sample_rows)
    blocked_sample_s = time.perf_counter() - started
    sample_precision, sample_recall = measure(
        {(c.id_a, c.id_b) for c in blocked_sample.candidates}, sample_truth
    )
    scale = (len(rows) / len(sample_rows)) ** 2
    naive_full_s = naive_s * scale

    print(
        f"dedup: {len(rows):,} synthetic participants, {len(people.truth):,} injected duplicates "
        f"({DUPLICATE_SHARE:.0%}); generated in {generated_s:.0f} s; one process, {os.cpu_count()} cores"
    )
    print(
        f"names: {len(keys):,} distinct after normalisation, {namesakes:.0f} namesakes per person on "
        f"average, most common '{top_name}' x{top_count:,}; 3 % born 'on 1 January'; "
        f"{sum(1 for r in rows if not r.phone):,} without phone"
    )
    print("targets: full scan under 300 s, precision >= 0.95, recall >= 0.90")
    print("pairs scored: pairs that reach the full scorer (name blocks are first filtered by rapidfuzz)")
    print()
    header = f"{'method':<44} {'records':>9} {'pairs scored':>13} {'time':>10} {'precision':>9} {'recall':>7}"
    print(header)
    print("-" * len(header))
    print(
        f"{'blocked scan (find_duplicates)':<44} {len(rows):>9,} {scan.compared:>13,} "
        f"{scan_s:>9.1f}s {precision:>9.3f} {recall:>7.3f}"
    )
    print(
        f"{'blocked scan, sample':<44} {len(sample_rows):>9,} {blocked_sample.compared:>13,} "
        f"{blocked_sample_s:>9.2f}s {sample_precision:>9.3f} {sample_recall:>7.3f}"
    )
    print(
        f"{'baseline: naive all pairs, sample':<44} {len(sample_rows):>9,} {naive_pairs:>13,} "
        f"{naive_s:>9.1f}s {naive_precision:>9.3f} {naive_recall:>7.3f}"
    )
    print(
        f"{'baseline: naive, all records (extrapolated)':<44} {len(rows):>9,} "
        f"{int(naive_pairs * scale):>13,} {naive_full_s / 86400:>8.1f} d {'':>9} {'':>7}"
    )
    print()
    print(
        f"blocked scan: {len(scan.candidates):,} candidates queued, speed-up over naive "
        f"{naive_full_s / scan_s:,.0f}x; peak RSS {peak_mb:,.0f} MB "
        f"({rss_before:,.0f} MB before the scan, generated records included)"
    )
    skipped = Counter(block.kind for block in scan.skipped)
    sizes = sorted((block.size for block in scan.skipped), reverse=True)[:5]
    print(f"blocks over the cap, skipped and reported: {dict(skipped) or 'none'} (largest: {sizes})")

    missed = Counter()
    for pair in people.truth - found:
        for part in people.by_truth_kind[pair].split(", "):
            missed[part] += 1
    print("missed duplicates by variant (a missed pair counts once per variant it has):")
    for kind, count in missed.most_common(8):
        print(f"  {kind:<32} {count:>6,} of {people.variants[kind]:>6,}")
    false_reasons = Counter(
        "+".join(reason.code for reason in c.reasons)
        for c in scan.candidates
        if (c.id_a, c.id_b) not in people.truth
    )
    print("false positives by reasons:")
    for reasons, count in false_reasons.most_common(5):
        print(f"  {reasons or '(none)':<60} {count:>6,}")


if __name__ == "__main__":
    main()
