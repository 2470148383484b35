#!/usr/bin/env node
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
/**
 * Deterministic generator of synthetic registers, for benchmarks.
 *
 *   node bench/generate-register.mjs --scale 10 --out /tmp/s10 [--seed 2002] [--source <project root>]
 *
 * writes a complete project root at <out>:
 *
 *   content/, templates/                copied from the source project
 *   data/countries.yaml                 copied
 *   data/synthetic/communes-1999.csv    copied from data/midi-pyrenees/communes-1999.csv
 *   data/synthetic/2002/edition.yaml    data/midi-pyrenees/2002/edition.yaml with region: synthetic
 *   data/synthetic/2002/register.yaml   about 153 × scale agreements (the real register has 153)
 *   data/synthetic/2002/published.yaml  figures: []
 *
 * Build it with `node bin/coopdec-report.js build --data <out>/data/synthetic/2002 --out <dir>/`.
 *
 * The register is drawn with a seeded PRNG (mulberry32) from the census file: real commune names,
 * INSEE codes, departments and populations; postal code = first code of the census postal_code
 * cell; telephoneSurvey = population > threshold. Communes are drawn by population (big towns are
 * likelier to have agreements), each gets at most 11 agreements (Toulouse's count in 2002), and
 * countries are drawn with the weights of the real register (Spain, Italy, Germany dominant; at
 * least one of every country, so every zone is present). The output depends only on the scale,
 * the seed and the source files: the same arguments give byte-identical files.
 */
import { parseArgs as parseCliArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';

export const REAL_AGREEMENTS = 153;
export const REAL_COMMUNES = 100;
export const MAX_PER_COMMUNE = 11;
/** Share of the census (communes with a population) the generator may use. */
const MAX_POOL_SHARE = 0.8;
/** The real register has 2 agreements with no named partner in 153. */
const NULL_PARTNER_RATE = 2 / 153;

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_REGION = 'midi-pyrenees';
const SOURCE_YEAR = '2002';
const CENSUS_FILE = 'communes-1999.csv';

/** Mulberry32: a small, fast, seeded 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Agreements per country in the 2002 register (data/midi-pyrenees/2002/register.yaml), used as
 * draw weights. Countries of countries.yaml missing here get weight 1.
 */
const COUNTRY_WEIGHTS = {
  Espagne: 51,
  Italie: 28,
  Allemagne: 22,
  'Grande-Bretagne': 8,
  Roumanie: 8,
  Belgique: 4,
  'Etats-Unis': 4,
  Portugal: 2,
  Mauritanie: 2,
  Israël: 2,
  Pologne: 2,
  Andorre: 1,
  Palestine: 1,
  Autriche: 1,
  Argentine: 1,
  Sénégal: 1,
  Ukraine: 1,
  Tchad: 1,
  'Viet Nam': 1,
  Chine: 1,
  Bosnie: 1,
  Grèce: 1,
  'Burkina Faso': 1,
  Irlande: 1,
  Canada: 1,
  Egypte: 1,
  Tchécoslovaquie: 1,
  Maurice: 1,
  Mexique: 1,
  Rwanda: 1,
  Russie: 1,
};

/**
 * Town-name material by language: real towns (drawn 30 % of the time) and prefixes, stems and
 * endings to compose plausible ones. Composition: [prefix ]Stem+ending, stems capitalised.
 */
const LANGUAGES = {
  es: {
    real: [
      'Lleida',
      'Terrassa',
      'Vielha',
      'Berga',
      'Huesca',
      'Jaca',
      'Barbastro',
      'Monzón',
      'Tarazona',
      'Calatayud',
      'Olot',
      'Puigcerdà',
      'Tremp',
      'Sort',
      'Ainsa',
      'Graus',
      'Benasque',
      'Teruel',
      'Alcañiz',
      'Sabiñánigo',
      'Ejea de los Caballeros',
      'Borja',
      'Manresa',
      'Vic',
      'Ripoll',
      'Figueres',
      'Banyoles',
      'Solsona',
      'Balaguer',
      'Cervera',
    ],
    prefixes: ['San', 'Santa', 'Villa', 'Torre', 'Castillo de', 'Puebla de', 'Valle de', 'Fuente'],
    stems: ['Alba', 'Bena', 'Cala', 'Cor', 'Echa', 'Fra', 'Gua', 'Lor', 'Mara', 'Mon', 'Nava', 'Olmi', 'Pal', 'Ribe', 'Sala', 'Tor', 'Val', 'Zara', 'Alcan', 'Bel', 'Carta', 'Esta', 'Lina', 'Orde'],
    endings: ['da', 'dilla', 'gón', 'lar', 'lejo', 'lla', 'mora', 'nares', 'ra', 'rrez', 'sa', 'tejo', 'ves', 'za', 'llo', 'ena', 'ona'],
  },
  ca: {
    real: ['Andorra la Vella', 'Canillo', 'Encamp', 'Ordino', 'La Massana', 'Sant Julià de Lòria', 'Escaldes-Engordany', 'Pas de la Casa', 'Soldeu', 'Arinsal'],
    prefixes: ['Sant', 'Santa', 'La', 'El'],
    stems: ['Anse', 'Erts', 'Llor', 'Meri', 'Pal', 'Sispo', 'Ransol', 'Auvi', 'Bixe', 'Fonta'],
    endings: ['lla', 'ny', 'ts', 'nes', 'ra', 'l', 'ssa'],
  },
  it: {
    real: [
      'Ancona',
      'Asti',
      'Bergamo',
      'Cuneo',
      'Ferrara',
      'Lucca',
      'Mantova',
      'Novara',
      'Parma',
      'Pavia',
      'Pistoia',
      'Rieti',
      'Savona',
      'Siena',
      'Trento',
      'Udine',
      'Varese',
      'Vicenza',
      'Cremona',
      'Imperia',
      'Sanremo',
      'Bra',
      'Alba',
      'Fossano',
      'Saluzzo',
      'Biella',
    ],
    prefixes: ['San', 'Santa', 'Castel', 'Monte', 'Borgo', 'Villa', 'Porto', 'Rocca'],
    stems: ['Alba', 'Bene', 'Calta', 'Carpa', 'Fonta', 'Gira', 'Lava', 'Monca', 'Novi', 'Orba', 'Pietra', 'Rovi', 'Sassa', 'Tolen', 'Vigo', 'Zoa', 'Arce', 'Bagno', 'Cora', 'Feltri'],
    endings: ['no', 'nello', 'rello', 'tino', 'gliano', 'nzano', 'sio', 'vello', 'lia', 'rana', 'ssa', 'dolo', 'rate', 'mbra'],
  },
  de: {
    real: [
      'Crailsheim',
      'Tübingen',
      'Kempten',
      'Landshut',
      'Passau',
      'Wetzlar',
      'Gießen',
      'Fulda',
      'Marburg',
      'Göttingen',
      'Hameln',
      'Lüneburg',
      'Celle',
      'Detmold',
      'Siegen',
      'Schweinfurt',
      'Bamberg',
      'Erlangen',
      'Ansbach',
      'Kaufbeuren',
      'Lindau',
      'Ravensburg',
    ],
    prefixes: ['Bad', 'Neu', 'Ober', 'Unter', 'Alt', 'Groß', 'Klein', 'Sankt'],
    stems: ['Al', 'Bern', 'Eber', 'Ess', 'Fried', 'Hart', 'Hoch', 'Kirch', 'Lauf', 'Lin', 'Mar', 'Nord', 'Ros', 'Schön', 'Stein', 'Wald', 'Wein', 'Wolf', 'Hild', 'Rott', 'Sonn'],
    endings: ['burg', 'heim', 'dorf', 'bach', 'stadt', 'berg', 'hausen', 'feld', 'ingen', 'au', 'hofen', 'brück', 'eck', 'stein'],
  },
  at: {
    real: ['Lassing', 'Leoben', 'Villach', 'Wels', 'Steyr', 'Krems', 'Bregenz', 'Hallein', 'Kufstein', 'Lienz'],
    prefixes: ['Sankt', 'Bad', 'Maria', 'Markt'],
    stems: ['Alt', 'Kitz', 'Kirch', 'Mitter', 'Ram', 'Schlad', 'Wolfs', 'Zell', 'Gmund', 'Eisen'],
    endings: ['bühel', 'ming', 'dorf', 'berg', 'au', 'see', 'kirchen', 'stadt', 'bach'],
  },
  en: {
    real: ['Stockport', 'Leamington', 'Ludlow', 'Chester', 'Bath', 'Winchester', 'Shrewsbury', 'Hereford', 'Kendal', 'Dorchester', 'Taunton', 'Banbury', 'Tewkesbury', 'Wells', 'Stamford', 'Bedford'],
    prefixes: ['Great', 'Little', 'Upper', 'North', 'South', 'East', 'West', 'Kings'],
    stems: ['Ash', 'Brad', 'Brom', 'Carl', 'Dun', 'Elm', 'Hals', 'Hart', 'Ken', 'Lang', 'Mal', 'New', 'Ox', 'Rich', 'Stan', 'Wal', 'Whit', 'Wood', 'Hol', 'Thorn'],
    endings: ['ton', 'ford', 'ham', 'bury', 'field', 'wick', 'ley', 'chester', 'port', 'worth', 'stead', 'mouth', 'by', 'wood'],
  },
  ie: {
    real: ['Kilkenny', 'Tralee', 'Ennis', 'Athlone', 'Tullamore', 'Clonmel', 'Dungarvan', 'Listowel', 'Westport', 'Bantry'],
    prefixes: ['Bally', 'Kil', 'Carrick', 'Dun', 'Castle', 'Clon', 'Drum', 'Inis'],
    stems: ['more', 'keel', 'macross', 'shannon', 'garvan', 'lough', 'beg', 'rea', 'managh', 'derry'],
    endings: [''],
    joined: true,
  },
  us: {
    real: [
      'Springfield',
      'Georgetown',
      'Franklin',
      'Salem',
      'Madison',
      'Clinton',
      'Fairview',
      'Greenville',
      'Bristol',
      'Dover',
      'Lafayette',
      'New Iberia',
      'Baton Rouge',
      'Shreveport',
      'Natchitoches',
      'Opelousas',
    ],
    prefixes: ['New', 'Port', 'Fort', 'Mount', 'Lake', 'West', 'North'],
    stems: ['Ash', 'Brook', 'Cedar', 'Clear', 'Elk', 'Green', 'Maple', 'Oak', 'Pine', 'River', 'Spring', 'Stone', 'Union', 'Walnut', 'Willow'],
    endings: ['ville', 'ton', 'field', 'burg', 'dale', 'wood', ' City', ' Falls', ' Springs', 'port'],
  },
  qc: {
    real: ['Trois-Rivières', 'Sherbrooke', 'Rimouski', 'Joliette', 'Granby', 'Drummondville', 'Saint-Hyacinthe', 'Victoriaville', 'Magog', 'Gatineau', 'Moncton', 'Kingston'],
    prefixes: ['Saint-', 'Sainte-', 'Notre-Dame-de-', 'Lac-', 'Pointe-', 'Rivière-'],
    stems: ['Alban', 'Blan', 'Cham', 'Don', 'Fran', 'Gra', 'Jean', 'Laur', 'Mar', 'Pier', 'Rém', 'Val'],
    endings: ['ce', 'ville', 'court', 'on', 'ier', 'y', 'ent', 'ine'],
    joinPrefix: true,
  },
  pt: {
    real: ['Monção', 'Braga', 'Viseu', 'Guarda', 'Tomar', 'Évora', 'Beja', 'Leiria', 'Chaves', 'Lamego', 'Amarante', 'Tavira', 'Elvas', 'Setúbal'],
    prefixes: ['Vila', 'Santo', 'Santa', 'São', 'Torre de', 'Ponte de'],
    stems: ['Alca', 'Barce', 'Cova', 'Estre', 'Fama', 'Gouve', 'Mira', 'Olhã', 'Pene', 'Sarde', 'Vala', 'Mogadou'],
    endings: ['lhos', 'nho', 'mor', 'ia', 'do', 'ira', 'nte', 'lo', 'ça', 'ro'],
  },
  nl: {
    real: ['Ath', 'Tournai', 'Mons', 'Namur', 'Dinant', 'Spa', 'Bastogne', 'Arlon', 'Ypres', 'Courtrai', 'Lierre', 'Malines', 'Hasselt', 'Tongres', 'Huy', 'Nivelles'],
    prefixes: ['Sint-', 'Saint-', 'Oud-', 'Nieuw-', 'Braine-'],
    stems: ['Alden', 'Bever', 'Dender', 'Eeklo', 'Gem', 'Her', 'Lok', 'Meer', 'Ronse', 'Tie', 'Wave', 'Zot'],
    endings: ['gem', 'hout', 'ke', 'ren', 'lo', 'beek', 'dorp', 'ville', 'elle', 'mont', 'ze'],
    joinPrefix: true,
  },
  gr: {
    real: ['Kalamata', 'Nauplie', 'Tripoli', 'Sparte', 'Larissa', 'Volos', 'Kozani', 'Drama', 'Serres', 'Chania', 'Rethymnon', 'Corfou'],
    prefixes: ['Agios', 'Agia', 'Nea', 'Ano', 'Kato', 'Palaia'],
    stems: ['Amfi', 'Edes', 'Ierapet', 'Kala', 'Kasto', 'Mega', 'Nafpak', 'Orestia', 'Pyrgo', 'Theo', 'Xylo', 'Ziro'],
    endings: ['ssa', 'ra', 'poli', 'kastro', 'kori', 'ni', 'tos', 'nia', 'dos'],
  },
  ro: {
    real: ['Sibiu', 'Brașov', 'Sighișoara', 'Mediaș', 'Alba Iulia', 'Deva', 'Turda', 'Bistrița', 'Piatra Neamț', 'Suceava', 'Botoșani', 'Focșani', 'Craiova', 'Pitești', 'Târgu Jiu', 'Râmnicu Vâlcea'],
    prefixes: ['Târgu', 'Câmpia', 'Valea', 'Baia', 'Satu'],
    stems: ['Bu', 'Cra', 'Dra', 'Găe', 'Lu', 'Mă', 'Oră', 'Pi', 'Ro', 'Stră', 'Tur', 'Vas', 'Zăr', 'Bis', 'Dor'],
    endings: ['ești', 'eni', 'ița', 'ani', 'cani', 'nești', 'oiu', 'lui', 'ova', 'ra'],
  },
  pl: {
    real: ['Kraków', 'Lublin', 'Rzeszów', 'Tarnów', 'Opole', 'Płock', 'Kielce', 'Zamość', 'Nowy Sącz', 'Gniezno', 'Toruń', 'Elbląg'],
    prefixes: ['Nowy', 'Stary', 'Nowa', 'Biała', 'Wola'],
    stems: ['Bia', 'Bole', 'Gli', 'Kra', 'Łań', 'Mie', 'Prze', 'Racib', 'Sie', 'Tcz', 'Wło', 'Zab', 'Żyr', 'Kro'],
    endings: ['ów', 'owice', 'ice', 'no', 'sk', 'ewo', 'orz', 'ystok', 'sław', 'dowo'],
  },
  ru: {
    real: ['Tver', 'Kalouga', 'Vladimir', 'Iaroslavl', 'Souzdal', 'Pskov', 'Novgorod', 'Koursk', 'Orel', 'Riazan', 'Toula', 'Kostroma'],
    prefixes: ['Novo', 'Staro', 'Nijni', 'Verkhni', 'Velikié'],
    stems: ['Bel', 'Bors', 'Dmit', 'Iva', 'Kras', 'Lip', 'Mour', 'Ost', 'Pod', 'Ser', 'Tam', 'Vol', 'Zel', 'Sok'],
    endings: ['ovo', 'sk', 'grad', 'insk', 'evka', 'ino', 'ov', 'ets', 'ovsk', 'ograd'],
  },
  ua: {
    real: ['Kiev', 'Lviv', 'Tchernihiv', 'Poltava', 'Vinnytsia', 'Jytomyr', 'Ouman', 'Ternopil', 'Rivne', 'Loutsk', 'Kherson', 'Soumy'],
    prefixes: ['Novo', 'Staro', 'Bila', 'Kamianets'],
    stems: ['Berdy', 'Bro', 'Hlou', 'Ko', 'Mykola', 'Pere', 'Sta', 'Tcher', 'Zvenyh', 'Khmel'],
    endings: ['tchiv', 'ivka', 'ïv', 'opil', 'ytsia', 'horod', 'iv', 'ne', 'ka'],
  },
  cs: {
    real: ['Telč', 'Tábor', 'Písek', 'Třeboň', 'Jihlava', 'Kolín', 'Olomouc', 'Znojmo', 'Kroměříž', 'Cheb', 'Klatovy', 'Litomyšl'],
    prefixes: ['Nové', 'Staré', 'Horní', 'Dolní', 'Velké'],
    stems: ['Beno', 'Cho', 'Hra', 'Jaro', 'Kro', 'Lito', 'Mělní', 'Podě', 'Rych', 'Stra', 'Vy', 'Žďá'],
    endings: ['ice', 'ov', 'any', 'nov', 'šov', 'ín', 'ná', 'rady', 'ec', 'ky'],
  },
  bs: {
    real: ['Mostar', 'Tuzla', 'Zenica', 'Bihać', 'Travnik', 'Jajce', 'Goražde', 'Konjic', 'Doboj', 'Trebinje', 'Srebrenica', 'Visoko'],
    prefixes: ['Gornji', 'Donji', 'Novi', 'Stari', 'Bosanski'],
    stems: ['Bije', 'Bre', 'Ca', 'Fo', 'Gra', 'Kak', 'Liv', 'Mag', 'Pri', 'Sto', 'Tes', 'Vla'],
    endings: ['ica', 'ac', 'ovo', 'ljina', 'jevo', 'nje', 'ane', 'anj', 'ko', 'šić'],
  },
  zh: {
    real: ['Chengdu', 'Kunming', 'Guilin', 'Xiamen', 'Suzhou', 'Hangzhou', 'Dalian', 'Qingdao', 'Lanzhou', 'Changsha', 'Wuhan', 'Nanning'],
    prefixes: [''],
    stems: ['An', 'Bao', 'Chang', 'Dan', 'Fu', 'Gui', 'Hua', 'Jin', 'Kai', 'Lan', 'Ning', 'Qing', 'Shan', 'Tai', 'Wu', 'Xin', 'Yang', 'Zhen'],
    endings: ['zhou', 'yang', 'an', 'ning', 'de', 'shan', 'jiang', 'ping', 'chun', 'men', 'hai', 'xi'],
  },
  vi: {
    real: ['Hué', 'Hoi An', 'Da Lat', 'Vinh', 'Nam Dinh', 'Thai Binh', 'Bac Ninh', 'Hai Duong', 'Cao Bang', 'Lang Son', 'Quy Nhon', 'Can Tho'],
    prefixes: [''],
    stems: ['Bac', 'Ben', 'Binh', 'Cam', 'Dong', 'Ha', 'Hoa', 'Long', 'My', 'Phu', 'Quang', 'Son', 'Tan', 'Thanh', 'Vinh'],
    endings: [' An', ' Tho', ' Hoa', ' Giang', ' Lam', ' Ninh', ' Dien', ' Tay', ' Yen', ' Xuyen'],
  },
  af: {
    real: [
      'Koudougou',
      'Ouahigouya',
      'Kaya',
      'Tenkodogo',
      'Dori',
      "Fada N'Gourma",
      'Banfora',
      'Gaoua',
      'Thiès',
      'Kaolack',
      'Ziguinchor',
      'Podor',
      'Matam',
      'Kolda',
      'Abéché',
      'Moundou',
      'Sarh',
      'Mongo',
      'Bongor',
      'Kaédi',
      'Rosso',
      'Atar',
      'Néma',
      'Sélibabi',
      'Butare',
      'Gisenyi',
      'Kibuye',
      'Ruhengeri',
      'Souillac',
      'Curepipe',
      'Mahébourg',
      'Flacq',
    ],
    prefixes: [''],
    stems: ['Ba', 'Bo', 'Da', 'Di', 'Fa', 'Ga', 'Ka', 'Ki', 'Kou', 'Ma', 'Mou', 'Na', 'Ou', 'Sa', 'Ta', 'Ti', 'Zi', 'Nya', 'Ru'],
    endings: ['dougou', 'gou', 'kar', 'lé', 'mbo', 'nda', 'ré', 'sso', 'tenga', 'kolo', 'bou', 'ye', 'hengeri', 'gaye'],
  },
  me: {
    real: [
      'Ismaïlia',
      'Louxor',
      'Assouan',
      'Tanta',
      'Damiette',
      'Fayoum',
      'Tel Aviv',
      'Haïfa',
      'Eilat',
      'Nazareth',
      'Beer-Sheva',
      'Naplouse',
      'Jéricho',
      'Hébron',
      'Bethléem',
      'Ramallah',
      'Beït Jibrin',
      'Yokneam',
    ],
    prefixes: ['El', 'Kafr', 'Beït', 'Tel', 'Kiryat', 'Deir', 'Ein', "Ma'alot"],
    stems: ['Ash', 'Bar', 'Dah', 'Gaz', 'Hal', 'Kar', 'Man', 'Nab', 'Qal', 'Ras', 'Sha', 'Tam', 'Yam', 'Zab'],
    endings: ['oum', 'iya', 'ra', 'iel', 'ouf', 'ine', 'ana', 'ed', 'ak', 'or'],
  },
  sa: {
    real: ['Pigüé', 'Rosario', 'Córdoba', 'Mendoza', 'Salta', 'Tandil', 'Rafaela', 'Paraná', 'Puebla', 'Oaxaca', 'Morelia', 'Querétaro', 'Guanajuato', 'Zacatecas'],
    prefixes: ['San', 'Santa', 'Villa', 'General', 'Puerto'],
    stems: ['Ala', 'Chi', 'Cura', 'Hua', 'Jala', 'Maza', 'Neu', 'Pata', 'Tepe', 'Tla', 'Uru', 'Zapo'],
    endings: ['pa', 'tlán', 'quén', 'co', 'huaca', 'tepec', 'guay', 'rí', 'lco', 'ndo'],
  },
};

/** The language of the town names of each country of countries.yaml (by ISO code). */
const LANGUAGE_BY_ISO = {
  ES: 'es',
  AD: 'ca',
  IT: 'it',
  DE: 'de',
  AT: 'at',
  GB: 'en',
  IE: 'ie',
  US: 'us',
  CA: 'qc',
  PT: 'pt',
  BE: 'nl',
  GR: 'gr',
  RO: 'ro',
  PL: 'pl',
  RU: 'ru',
  UA: 'ua',
  CZ: 'cs',
  BA: 'bs',
  CN: 'zh',
  VN: 'vi',
  BF: 'af',
  MU: 'af',
  MR: 'af',
  RW: 'af',
  SN: 'af',
  TD: 'af',
  EG: 'me',
  IL: 'me',
  PS: 'me',
  AR: 'sa',
  MX: 'sa',
};

/** Minimal CSV reader for the census file (no quoted fields). */
export function parseCensus(text) {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0].split(',');
  const col = (name) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`census file lacks column ${name}`);
    return index;
  };
  const [insee, name, department, postal, population] = ['insee', 'name', 'department', 'postal_code', 'population'].map(col);
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    if (cells.length !== header.length) throw new Error(`census line has ${cells.length} cells, expected ${header.length}: ${line}`);
    return {
      insee: cells[insee],
      name: cells[name],
      department: cells[department],
      postalCode: cells[postal].split(/[;|\s]+/)[0],
      population: Number(cells[population]),
    };
  });
}

/** "Saint-Girons" → "SAINT-GIRONS", "Tarascon-sur-Ariège" → "TARASCON-SUR-ARIEGE", as the annexes print names. */
function printedName(name) {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
}

function pick(rng, list) {
  return list[Math.floor(rng() * list.length)];
}

/** A cumulative-weight table with binary-search draws. */
function weightedTable(items, weightOf) {
  const cumulative = [];
  let total = 0;
  for (const item of items) {
    total += weightOf(item);
    cumulative.push(total);
  }
  return (rng) => {
    const x = rng() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  };
}

function composeTown(rng, language) {
  const material = LANGUAGES[language];
  if (rng() < 0.3) return pick(rng, material.real);
  if (material.joined) return pick(rng, material.prefixes) + pick(rng, material.stems);
  let town = pick(rng, material.stems) + pick(rng, material.endings);
  // Two stems now and then ("Kirchwaldburg", "Hualanzhou").
  if (rng() < 0.15) town = pick(rng, material.stems) + town.toLowerCase();
  const prefix = pick(rng, material.prefixes);
  if (prefix && rng() < 0.25) town = material.joinPrefix || prefix.endsWith('-') ? `${prefix.replace(/-?$/, '-')}${town}` : `${prefix} ${town}`;
  return town;
}

/**
 * The register, as an object shaped like register.yaml, for `scale` × the 2002 register
 * (153 × scale agreements).
 *
 * @param {{ scale: number, seed?: number, census: ReturnType<typeof parseCensus>, countries: { name: string, iso2: string }[], departments: string[], threshold?: number }} options
 */
export function generateRegister({ scale, seed = 2002, census, countries, departments, threshold = 2500 }) {
  if (!(scale > 0)) throw new Error(`scale must be a positive number, not ${scale}`);
  const rng = mulberry32((seed * 0x9e3779b1) ^ Math.round(scale * 1000));
  const targetAgreements = Math.max(1, Math.round(REAL_AGREEMENTS * scale));

  const wanted = new Set(departments);
  const prefixOk = (c) => c.postalCode.startsWith(/^2[AB]$/.test(c.department) ? '20' : c.department);
  const pool = census.filter((c) => wanted.has(c.department) && Number.isInteger(c.population) && c.population > 0 && /^\d{5}$/.test(c.postalCode) && prefixOk(c));
  const minimum = Math.ceil(targetAgreements / MAX_PER_COMMUNE);
  if (minimum > pool.length) {
    throw new Error(`scale ${scale} needs ${targetAgreements} agreements, more than ${MAX_PER_COMMUNE} × the ${pool.length} usable communes of the census`);
  }
  const communeCount = Math.min(pool.length, Math.max(minimum, Math.min(Math.round(REAL_COMMUNES * scale), Math.floor(pool.length * MAX_POOL_SHARE))));

  // Weighted sampling without replacement (Efraimidis–Spirakis): key = u^(1/w), keep the largest.
  // Weight √population: towns are likelier to have agreements than villages, villages still appear.
  const keyed = pool.map((c) => ({ c, key: Math.log(rng() || Number.MIN_VALUE) / Math.sqrt(c.population) }));
  keyed.sort((a, b) => b.key - a.key || (a.c.insee < b.c.insee ? -1 : 1));
  const chosen = keyed.slice(0, communeCount).map((k) => k.c);
  chosen.sort((a, b) => (a.insee < b.insee ? -1 : a.insee > b.insee ? 1 : 0));

  // One agreement each, the rest spread by population (√), at most MAX_PER_COMMUNE per commune.
  const counts = new Map(chosen.map((c) => [c.insee, 1]));
  let remaining = targetAgreements - chosen.length;
  const drawCommune = weightedTable(chosen, (c) => Math.sqrt(c.population));
  let misses = 0;
  while (remaining > 0) {
    const commune = drawCommune(rng);
    const n = counts.get(commune.insee);
    if (n < MAX_PER_COMMUNE) {
      counts.set(commune.insee, n + 1);
      remaining--;
      misses = 0;
    } else if (++misses > 64) {
      // The heavy communes are full: give the agreement to the first one with room.
      const open = chosen.find((c) => counts.get(c.insee) < MAX_PER_COMMUNE);
      counts.set(open.insee, counts.get(open.insee) + 1);
      remaining--;
      misses = 0;
    }
  }

  const drawCountry = weightedTable(countries, (c) => COUNTRY_WEIGHTS[c.name] ?? 1);
  // Every country at least once (when there are enough agreements), so every zone and chart
  // shows: each is given a random agreement slot.
  const forced = new Map();
  if (targetAgreements >= countries.length * 4) {
    for (const country of countries) {
      let slot;
      do slot = Math.floor(rng() * targetAgreements);
      while (forced.has(slot));
      forced.set(slot, country.name);
    }
  }
  let slot = 0;

  const communes = chosen.map((commune) => {
    const seen = new Set();
    const agreements = [];
    const count = counts.get(commune.insee);
    for (let k = 0; k < count; k++) {
      const drawn = drawCountry(rng).name;
      const country = forced.get(slot++) ?? drawn;
      const iso2 = countries.find((c) => c.name === country).iso2;
      const language = LANGUAGE_BY_ISO[iso2] ?? 'en';
      if (rng() < NULL_PARTNER_RATE) {
        agreements.push({ partner: null, country, note: 'Ville partenaire non nommée (registre synthétique).' });
        continue;
      }
      let partner;
      for (let attempt = 0; ; attempt++) {
        partner = composeTown(rng, language);
        if (attempt > 20) partner = `${partner} ${attempt}`; // never reached in practice; guarantees termination
        if (!seen.has(`${partner.toLowerCase()}|${country}`)) break;
      }
      seen.add(`${partner.toLowerCase()}|${country}`);
      agreements.push({ partner, country });
    }
    return {
      name: printedName(commune.name),
      insee: commune.insee,
      postalCode: commune.postalCode,
      department: commune.department,
      population: commune.population,
      telephoneSurvey: commune.population > threshold,
      agreements,
    };
  });
  // Sorted by postal code then name, like the real register.
  communes.sort((a, b) => (a.postalCode < b.postalCode ? -1 : a.postalCode > b.postalCode ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : a.insee < b.insee ? -1 : 1));
  return { communes };
}

/** YAML text of a register object (JSON strings are valid YAML double-quoted scalars). */
export function registerToYaml(register, header = '') {
  const q = (s) => JSON.stringify(s);
  const lines = [header.trimEnd(), 'communes:'].filter((l) => l !== '');
  for (const c of register.communes) {
    lines.push(`  - name: ${q(c.name)}`, `    insee: ${q(c.insee)}`, `    postalCode: ${q(c.postalCode)}`, `    department: ${q(c.department)}`);
    lines.push(`    population: ${c.population === null ? 'null' : c.population}`, `    telephoneSurvey: ${c.telephoneSurvey}`);
    if (c.note) lines.push(`    note: ${q(c.note)}`);
    lines.push('    agreements:');
    for (const a of c.agreements) {
      lines.push(`      - partner: ${a.partner === null ? 'null' : q(a.partner)}`, `        country: ${q(a.country)}`);
      if (a.note) lines.push(`        note: ${q(a.note)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * Writes a complete synthetic project root at `out` and returns a summary.
 *
 * @param {{ scale: number, out: string, seed?: number, source?: string }} options
 */
export function generateProject({ scale, out, seed = 2002, source = PROJECT_ROOT }) {
  const src = (...p) => join(source, ...p);
  const root = resolve(out);
  const editionText = readFileSync(src('data', SOURCE_REGION, SOURCE_YEAR, 'edition.yaml'), 'utf8');
  const edition = parseYaml(editionText);
  const countries = parseYaml(readFileSync(src('data', 'countries.yaml'), 'utf8')).countries;
  const censusText = readFileSync(src('data', SOURCE_REGION, CENSUS_FILE), 'utf8');
  const census = parseCensus(censusText);

  const register = generateRegister({
    scale,
    seed,
    census,
    countries,
    departments: edition.departments.map((d) => d.code),
    threshold: edition.survey?.threshold ?? 2500,
  });

  // Replace only what we own: content/, templates/, data/countries.yaml, data/synthetic/.
  for (const dir of ['content', 'templates', join('data', 'synthetic')]) rmSync(join(root, dir), { recursive: true, force: true });
  mkdirSync(join(root, 'data', 'synthetic', SOURCE_YEAR), { recursive: true });
  cpSync(src('content'), join(root, 'content'), { recursive: true });
  cpSync(src('templates'), join(root, 'templates'), { recursive: true });
  cpSync(src('data', 'countries.yaml'), join(root, 'data', 'countries.yaml'));
  writeFileSync(join(root, 'data', 'synthetic', CENSUS_FILE), censusText);

  const editionDir = join(root, 'data', 'synthetic', SOURCE_YEAR);
  if (!/^region:\s*\S+\s*$/m.test(editionText)) throw new Error('edition.yaml has no "region:" line to replace');
  writeFileSync(join(editionDir, 'edition.yaml'), editionText.replace(/^region:\s*\S+\s*$/m, 'region: synthetic'));
  const agreements = register.communes.reduce((sum, c) => sum + c.agreements.length, 0);
  const header = `# Synthetic register (bench/generate-register.mjs --scale ${scale} --seed ${seed}): ${register.communes.length} communes, ${agreements} agreements.\n# Real communes of the 1999 census; partner towns and countries drawn at random. Not a study.`;
  writeFileSync(join(editionDir, 'register.yaml'), registerToYaml(register, header));
  writeFileSync(join(editionDir, 'published.yaml'), '# Synthetic register: the study prints no figure to reconcile.\nfigures: []\n');

  return { root, dataDir: editionDir, communes: register.communes.length, agreements, maxPerCommune: Math.max(...register.communes.map((c) => c.agreements.length)) };
}

function parseArgs(argv) {
  // Node's own parser (util.parseArgs): strict, so an unknown flag is an error.
  const { values } = parseCliArgs({
    args: argv,
    options: { scale: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, source: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  return {
    scale: values.scale === undefined ? 1 : Number(values.scale),
    seed: values.seed === undefined ? 2002 : Number(values.seed),
    out: values.out,
    source: values.source === undefined ? PROJECT_ROOT : resolve(values.source),
    quiet: values.quiet ?? false,
    help: values.help ?? false,
  };
}

const USAGE = 'usage: node bench/generate-register.mjs --scale <n> --out <dir> [--seed <n>] [--source <project root>] [--quiet]';

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const options = parseArgs(process.argv.slice(2));
    if (options.help) {
      console.log(USAGE);
    } else {
      if (!options.out) throw new Error('--out is required');
      if (!(options.scale > 0)) throw new Error('--scale must be a positive number');
      if (!Number.isInteger(options.seed)) throw new Error('--seed must be an integer');
      const summary = generateProject(options);
      if (!options.quiet) console.log(`${summary.dataDir}: ${summary.communes} communes, ${summary.agreements} agreements (at most ${summary.maxPerCommune} per commune)`);
    }
  } catch (error) {
    console.error(`error: ${error.message}\n${USAGE}`);
    process.exitCode = 2;
  }
}
