// Name pools for the demo district: the mix of families a vocational school in Baden-Württemberg
// serves (German, Turkish, Ukrainian, Polish, Italian, Arabic, Balkan, Kosovo-Albanian,
// Russian-German, Greek, Romanian, Afghan). All names are common first and family names; any
// combination that matches a real person is chance.
import type { Random } from './random';

export type Gender = 'f' | 'm';

interface Origin {
	weight: number;
	male: readonly string[];
	female: readonly string[];
	/** Names of the parents' generation, where they differ from the young people's. */
	parentMale?: readonly string[];
	parentFemale?: readonly string[];
	/** A family name, or [male form, female form] where the language inflects it. */
	family: readonly (string | readonly [string, string])[];
}

// prettier-ignore
const ORIGINS: Record<string, Origin> = {
	de: {
		weight: 52,
		male: ['Lukas', 'Leon', 'Finn', 'Jonas', 'Paul', 'Felix', 'Noah', 'Elias', 'Ben', 'Tim', 'Niklas', 'Maximilian', 'Moritz', 'Jan', 'Tobias', 'Simon', 'Julian', 'David', 'Fabian', 'Marvin', 'Dennis', 'Philipp', 'Florian', 'Lars', 'Nico', 'Hannes', 'Jannik', 'Luis', 'Henrik', 'Mats'],
		female: ['Lena', 'Laura', 'Anna', 'Lea', 'Sophie', 'Marie', 'Hannah', 'Emily', 'Mia', 'Lara', 'Julia', 'Sarah', 'Leonie', 'Johanna', 'Clara', 'Paula', 'Nele', 'Celina', 'Vanessa', 'Jana', 'Luisa', 'Alina', 'Franziska', 'Carina', 'Melina', 'Annika', 'Anna-Lena', 'Emma'],
		parentMale: ['Thomas', 'Michael', 'Andreas', 'Stefan', 'Frank', 'Markus', 'Jürgen', 'Martin', 'Christian', 'Uwe', 'Ralf', 'Oliver', 'Jörg', 'Matthias', 'Holger'],
		parentFemale: ['Sabine', 'Petra', 'Claudia', 'Andrea', 'Susanne', 'Nicole', 'Stefanie', 'Katrin', 'Birgit', 'Tanja', 'Silke', 'Anja', 'Heike', 'Kerstin', 'Simone'],
		family: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Hofmann', 'Krüger', 'Hartmann', 'Lange', 'Werner', 'Krause', 'Köhler', 'Maier', 'Huber', 'Kaiser', 'Fuchs', 'Scholz', 'Möller', 'Weiß', 'Jung', 'Hahn', 'Vogel', 'Friedrich', 'Günther', 'Frank', 'Winkler', 'Roth', 'Beck', 'Lorenz', 'Baumann', 'Albrecht', 'Schuster', 'Ludwig', 'Böhm', 'Winter', 'Kraus', 'Schumacher', 'Vogt', 'Stein', 'Jäger', 'Sommer', 'Groß', 'Seidel', 'Brandt', 'Haas', 'Schreiber', 'Graf', 'Dietrich', 'Ziegler', 'Kühn', 'Engel', 'Horn', 'Bauer', 'Straub', 'Gerber', 'Häußler', 'Kienzle', 'Schäfer', 'Rapp', 'Eberle']
	},
	tr: {
		weight: 12,
		male: ['Emre', 'Can', 'Mehmet', 'Ahmet', 'Yusuf', 'Mustafa', 'Burak', 'Furkan', 'Kerem', 'Enes', 'Murat', 'Onur', 'Deniz', 'Berkay', 'Eren', 'Arda'],
		female: ['Elif', 'Zeynep', 'Merve', 'Büşra', 'Esra', 'Selin', 'Derya', 'Melike', 'Sude', 'İrem', 'Ebru', 'Defne', 'Ecrin', 'Aleyna'],
		parentMale: ['Hasan', 'Hüseyin', 'Ali', 'İbrahim', 'Osman', 'Mehmet', 'Kemal', 'Recep'],
		parentFemale: ['Fatma', 'Emine', 'Hatice', 'Hülya', 'Sevgi', 'Ayşe', 'Gülsüm', 'Nurcan'],
		family: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Yıldırım', 'Öztürk', 'Aydın', 'Özdemir', 'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin', 'Kara', 'Koç', 'Kurt', 'Özkan', 'Şimşek', 'Polat', 'Korkmaz', 'Güler', 'Aksoy']
	},
	uk: {
		weight: 6,
		male: ['Oleksandr', 'Dmytro', 'Maksym', 'Andrii', 'Bohdan', 'Artem', 'Mykola', 'Taras', 'Yurii', 'Vladyslav'],
		female: ['Anastasiia', 'Yuliia', 'Kateryna', 'Sofiia', 'Oksana', 'Daryna', 'Viktoriia', 'Iryna', 'Olena', 'Khrystyna'],
		parentMale: ['Serhii', 'Volodymyr', 'Oleh', 'Ihor', 'Vasyl', 'Petro'],
		parentFemale: ['Nataliia', 'Svitlana', 'Tetiana', 'Liudmyla', 'Halyna', 'Olha'],
		family: ['Shevchenko', 'Kovalenko', 'Bondarenko', 'Tkachenko', 'Kravchenko', 'Melnyk', 'Boiko', 'Koval', 'Oliinyk', 'Moroz', 'Lysenko', 'Marchenko', 'Savchenko', 'Rudenko', 'Petrenko']
	},
	pl: {
		weight: 5,
		male: ['Jakub', 'Kacper', 'Szymon', 'Mateusz', 'Michał', 'Bartosz', 'Piotr', 'Wojciech'],
		female: ['Zuzanna', 'Natalia', 'Wiktoria', 'Aleksandra', 'Julia', 'Magdalena', 'Agnieszka', 'Karolina'],
		family: ['Nowak', 'Kowalczyk', ['Wiśniewski', 'Wiśniewska'], 'Wójcik', ['Kamiński', 'Kamińska'], ['Lewandowski', 'Lewandowska'], ['Zieliński', 'Zielińska'], 'Mazur', 'Krawczyk', ['Dąbrowski', 'Dąbrowska']]
	},
	it: {
		weight: 4,
		male: ['Luca', 'Marco', 'Alessandro', 'Matteo', 'Lorenzo', 'Giuseppe', 'Francesco', 'Davide'],
		female: ['Giulia', 'Chiara', 'Francesca', 'Sara', 'Martina', 'Alessia', 'Valentina', 'Federica'],
		family: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Greco', 'Bruno', 'Conti', 'De Luca', 'Marino', 'Lombardi']
	},
	ar: {
		weight: 5,
		male: ['Mohammed', 'Ahmad', 'Omar', 'Ali', 'Hamza', 'Yousef', 'Khaled', 'Karim', 'Amir', 'Bilal'],
		female: ['Aya', 'Lina', 'Rama', 'Nour', 'Sara', 'Huda', 'Layla', 'Rania', 'Yasmin', 'Maryam'],
		family: ['Al-Hassan', 'Haddad', 'Khalil', 'Ibrahim', 'Saleh', 'Mansour', 'Nasser', 'Darwish', 'Al-Ahmad', 'Hamdan']
	},
	hr: {
		weight: 5,
		male: ['Luka', 'Ivan', 'Marko', 'Filip', 'Stefan', 'Nikola', 'Adnan', 'Emir', 'Dario'],
		female: ['Ana', 'Lucija', 'Petra', 'Ivana', 'Mia', 'Lejla', 'Amila', 'Jelena', 'Katarina'],
		family: ['Horvat', 'Kovačević', 'Babić', 'Marić', 'Jurić', 'Novak', 'Petrović', 'Hadžić', 'Begić', 'Delić', 'Popović']
	},
	sq: {
		weight: 3,
		male: ['Arben', 'Blerim', 'Dardan', 'Driton', 'Liridon', 'Valon', 'Ardit'],
		female: ['Arta', 'Blerta', 'Drita', 'Elira', 'Fjolla', 'Vjosa', 'Albina'],
		family: ['Krasniqi', 'Berisha', 'Gashi', 'Hoxha', 'Morina', 'Shala', 'Bytyqi']
	},
	ru: {
		weight: 3,
		male: ['Alexander', 'Artur', 'Eduard', 'Viktor', 'Dmitri', 'Maxim', 'Daniel'],
		female: ['Anastasia', 'Viktoria', 'Alina', 'Olga', 'Ksenia', 'Diana', 'Polina'],
		parentMale: ['Waldemar', 'Sergej', 'Andrej', 'Juri'],
		parentFemale: ['Irina', 'Natalia', 'Swetlana', 'Tatjana'],
		family: ['Reimer', 'Friesen', 'Penner', 'Janzen', 'Wiebe', 'Dück', 'Neufeld', ['Iwanow', 'Iwanowa'], ['Petrow', 'Petrowa']]
	},
	gr: {
		weight: 2,
		male: ['Georgios', 'Dimitrios', 'Konstantinos', 'Nikolaos', 'Ioannis', 'Christos'],
		female: ['Eleni', 'Maria', 'Sofia', 'Katerina', 'Despina', 'Vasiliki'],
		family: [['Papadopoulos', 'Papadopoulou'], 'Georgiou', ['Nikolaidis', 'Nikolaidou'], 'Papadakis', 'Dimitriou', ['Karagiannis', 'Karagianni']]
	},
	ro: {
		weight: 2,
		male: ['Andrei', 'Alexandru', 'Ionuț', 'Mihai', 'Gabriel', 'Ștefan'],
		female: ['Ioana', 'Andreea', 'Elena', 'Alexandra', 'Bianca', 'Cristina'],
		family: ['Popescu', 'Ionescu', 'Popa', 'Stan', 'Dumitru', 'Constantin', 'Munteanu']
	},
	af: {
		weight: 2,
		male: ['Ahmad', 'Mohammad', 'Ali', 'Mustafa', 'Farid', 'Sami'],
		female: ['Zahra', 'Fatima', 'Mariam', 'Parisa', 'Shabnam', 'Mahsa'],
		family: ['Ahmadi', 'Rahimi', 'Hashimi', 'Karimi', 'Noori', 'Sultani']
	}
};

const ORIGIN_KEYS = Object.keys(ORIGINS);
const TOTAL_WEIGHT = ORIGIN_KEYS.reduce((sum, key) => sum + ORIGINS[key].weight, 0);

export interface Family {
	origin: string;
	/** Family name as [male form, female form] (the same string twice for most languages). */
	familyName: readonly [string, string];
}

/** A family of a random origin (weighted), or of the given one. */
export function randomFamily(random: Random, origin?: string): Family {
	if (!origin) {
		let roll = random.next() * TOTAL_WEIGHT;
		origin = ORIGIN_KEYS[0];
		for (const key of ORIGIN_KEYS) {
			roll -= ORIGINS[key].weight;
			if (roll < 0) {
				origin = key;
				break;
			}
		}
	}
	const name = random.pick(ORIGINS[origin].family);
	return { origin, familyName: typeof name === 'string' ? [name, name] : name };
}

export const familyNameFor = (family: Family, gender: Gender) =>
	family.familyName[gender === 'm' ? 0 : 1];

export function givenName(
	random: Random,
	family: Family,
	gender: Gender,
	generation: 'young' | 'parent'
) {
	const pool = ORIGINS[family.origin];
	const names =
		generation === 'parent'
			? gender === 'm'
				? (pool.parentMale ?? pool.male)
				: (pool.parentFemale ?? pool.female)
			: gender === 'm'
				? pool.male
				: pool.female;
	return random.pick(names);
}

/** The local part of a school e-mail address: `vorname.nachname`, transliterated to a–z. */
export function emailLocalPart(givenNames: string, familyName: string) {
	const slug = (s: string) =>
		s
			.replace(/ä/g, 'ae')
			.replace(/ö/g, 'oe')
			.replace(/ü/g, 'ue')
			.replace(/Ä/g, 'Ae')
			.replace(/Ö/g, 'Oe')
			.replace(/Ü/g, 'Ue')
			.replace(/ß/g, 'ss')
			.replace(/[ıİ]/g, 'i')
			.replace(/[łŁ]/g, 'l')
			.replace(/[đĐ]/g, 'dj')
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/\s+/g, '')
			.replace(/[^a-z-]/g, '');
	return `${slug(givenNames.split(' ')[0])}.${slug(familyName)}`;
}
