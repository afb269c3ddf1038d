/* Boendestödsportalen: the search worker. The page (docs/assets/javascripts/portal-sok.js) and this
 * worker speak the portal's own messages; no engine's protocol is involved:
 *
 *   page → worker   {type: "forbered", manifest?, sidanHamtar?, kommun?} start loading the index;
 *                   manifest: search/portal-index.js's, if the page has it; sidanHamtar: true if the
 *                   page fetches the first part itself and hands it over; kommun: the chosen
 *                   kommun's id (portal-kommun.js keeps the choice), whose edition's words are
 *                   then found too (below):
 *                   {type: "forstaDelen", text: <string or null>}      the first part's text (null:
 *                                                                       the worker loads it itself)
 *                   {type: "fraga", id: <number>, text: <string>}      a query; the newest one counts
 *   worker → page   {type: "svar", id, text, complete: <bool>, total: <number>, items: [Result]}
 *                   complete: false while only the first part of the index is in (the answer
 *                   comes again, complete, when the rest has arrived)
 *                   {type: "klar"}                                       the first part is in
 *                   {type: "fel", id, message}                           the index could not be read
 *   Result = {url, title, snippet, kind, sections: [{url, title, snippet}]}   title and snippet
 *            are HTML: escaped text with <mark> around the words that matched.
 *
 * The index (scripts/search.py) is search/portal-index.js, which names a small first part (every
 * page's address, title and kind, sökord, citations, the thesaurus) and the rest in parts named by
 * their hashes, by page. The first part answers at once, without snippets (Result.snippet is ""
 * until the page's part is in); the parts follow, one at a time, fetched while queries are
 * answered; when all are in, the whole index answers (a part that cannot be read leaves the
 * first). The build puts the stemmer (vendor/snowball-swedish.js) at the end of this file, one
 * request less; without it, the worker loads it itself.
 *
 * With a chosen kommun the worker loads, after the first part, the edition's search additions
 * (k/<id>/sok.js, scripts/search.py edition_index): what its own pages have that the national docs
 * do not, weighed against the national index. A doc of the edition replaces the national doc at
 * the same address (the result shows the edition's text; the address is the national one, which
 * opens the chosen kommun's version of the page), and the kommun's own pages are added (at
 * k/<id>/kommun/…). The newest query is answered again when they are in. Without a kommun nothing
 * more is loaded; additions that cannot be read leave the national index as it was.
 *
 * Matching, best first: the exact word stem; a law citation (11 kap. 1 §, 11:1 SoL, SoL 11 kap
 * 1 §, old numbers, SFS numbers); the start of a word (as you type); the last part of a compound
 * whose first part is a word too (syndrom → tvångssyndrom; not ring → planering); a near miss
 * (schitzofreni → schizofreni), also by sound (öpnar → öppnar, skitsofreni → schizofreni); a
 * compound split (gaslukt → gas, lukt). A word typed without
 * å/ä/ö finds the words that have them ("angest" finds "ångest"), unless it is a word of its own.
 * Words are read as written, not as texted ("mej" is mig, "nån" någon, "jättedåligt" dåligt). A word
 * of an everyday phrase in the thesaurus is found by the phrase's concept as well as by itself.
 */
"use strict";

var QUALITY = { exact: 1.0, cite: 1.0, prefix: 0.7, compound: 0.85, fuzzy: 0.45 };
var PHRASE_BONUS = 40;   // the whole query is a page's title or one of its sökord

var index = null;        // the loaded index
var vocabulary = null;   // its keys, for prefix, compound and near-miss matching
var folded = null;       // the same keys without å/ä/ö
var sounds = null;       // how each key sounds (for words typed in a hurry)
var variants = null;     // a key without å/ä/ö -> the keys that have them
var stopwords = null;
var spokenForms = {};    // "mej" -> "mig", "dom" -> "de", "ngn" -> "någon" (scripts/search.py's SPOKEN)
var perspective = {};    // "jag" -> "du", "mig" -> "dig" … where phrases are compared (scripts/search.py's PERSPECTIVE)
var phrases = null;      // phrase -> [page doc, ...]
var conceptWords = [];   // the thesaurus: [phrase's keys, the same without å/ä/ö, concept], longest first
var person = null;       // scripts/search.py's person_rule(): {words, start, not, kind, lawKind, boost, startBoost}

/* --- the same word normalisation as scripts/search.py ---------------------------------- */

var swedish = null;       // Snowball Swedish, from vendor/snowball-swedish.js (loaded with the index)

function stem(word) {
  swedish = swedish || self.snowballFactory.newStemmer("swedish");
  return swedish.stem(word);
}

function fold(text) {
  return text.toLowerCase().normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
}

/* The index key, as scripts/search.py's key(): the stem, without the definite endings -et and -an that
   Snowball leaves, on a stem of five letters or more ("boendestödet" is "boendestöd", "ansökan" "ansöka"). */
function key(word) {
  word = word.toLowerCase();
  if (!/^[a-zåäöéüæø]+$/.test(word)) return word;
  var found = stem(word);
  return found.length >= 5 && /(?:et|an)$/.test(found) ? found.slice(0, -2) : found;
}

var WORD = /[0-9a-zåäöéüæø§]+/gi;
var INTENSIFIER = /^(?:jätte|jatte|skit)(?=[a-zåäö]{3})/;  // as in scripts/search.py

/* A lower-case word as written, not as texted: "mej" -> "mig", "jättedåligt" -> "dåligt". */
function spoken(word) {
  return spokenForms[word] || word.replace(INTENSIFIER, "");
}

/* A written word as a phrase compares it: in the pages' second person ("jag" -> "du"). */
function asPage(word) {
  return perspective[word] || word;
}

/* --- law citations ----------------------------------------------------------------------- */

var SFS = /\b(?:sfs\s*)?((?:18|19|20)\d\d)\s*:\s*(\d{1,4})\b/i;
var CITATION = /(?:\b([a-zåäö]+)\s+)?(\d+)\s*(?:kap\.?|kapitlet|:)\s*(\d+\s?[a-z]?\b)\s*(?:§+)?(?:\s*([a-zåäö]+))?/i;
var PARAGRAPH = /(?:\b([a-zåäö]+)\s+)?(\d+\s?[a-z]?)\s*§+(?:\s*([a-zåäö]+))?/i;

/* "2025:400", "SFS 2001:453" -> the law's SFS key; "11 kap. 1 § SoL", "11:1 SoL", "SoL 11 kap. 1 §",
   "1 § LSS", "44 § förvaltningslagen", "OSL 26 kap. 1 §" -> the citation key and the law, if named. */
function citations(query) {
  var out = [], m, law;
  while ((m = SFS.exec(query))) {
    out.push({ key: "sfs" + m[1] + "x" + m[2], law: null, text: m[0] });
    query = query.replace(m[0], " ");
  }
  if ((m = CITATION.exec(query))) {
    law = lawName(m[1]) || lawName(m[4]);
    out.push({ key: "k" + m[2] + "p" + m[3].replace(/\s/g, "").toLowerCase(), law: law, text: m[0] });
  } else if ((m = PARAGRAPH.exec(query))) {
    law = lawName(m[1]) || lawName(m[3]);
    out.push({ key: "p" + m[2].replace(/\s/g, "").toLowerCase(), law: law, text: m[0] });
  }
  return out;
}

/* A word that names a law ("SoL", "lss", "förvaltningslagen") -> the law's key, from the index. */
function lawName(word) {
  if (!word || !index) return null;
  return index.laws[key(word)] || null;
}

/* Everyday phrases in the query -> thesaurus concepts: [{words: [positions], concept: key}], longest first.
 * A phrase matches as written, and also with its words in another order a word or two apart, as a
 * question turns them ("kostar det" in "vad kostar det", "det kostar"; "grannarna vet" for "vet
 * grannarna"), if one of them is more than a stopword. A word typed without å/ä/ö matches with or
 * without them ("sager upp boendestöd" is "säger upp boendestöd"); one typed with them only as typed. */
function concepts(words) {
  var keys = words.map(function (w) { return key(w); }), flat = keys.map(fold), used = {}, out = [], present = {};
  keys.forEach(function (k, i) { present[k] = present[flat[i]] = true; });
  var phrase, folded;
  /* a word typed with å, ä or ö is that word: "fått" is not "fattar", "får" not "far" */
  function same(i, j) { return !used[i] && (keys[i] === phrase[j] || (flat[i] === keys[i] && flat[i] === folded[j])); }
  function claim(at, concept) {
    at.forEach(function (i) { used[i] = true; });
    out.push({ words: at, concept: concept });
  }
  conceptWords.forEach(function (entry) {
    phrase = entry[0]; folded = entry[1];
    var n = phrase.length, i, j;
    for (j = 0; j < n; j++) if (!present[phrase[j]] && !present[folded[j]]) return;  // a word the query lacks
    for (i = 0; i + n <= keys.length; i++) {
      for (j = 0; j < n && same(i + j, j); j++);
      if (j < n) continue;
      var at = [];
      for (j = 0; j < n; j++) at.push(i + j);
      claim(at, entry[2]);
    }
    if (n < 2) return;
    for (i = 0; i + n <= keys.length + 2; i++) {  // in another order: within n + 2 words
      var window = [], content = false;
      for (j = 0; j < n; j++) {
        var found = -1;
        for (var k = i; k < Math.min(i + n + 2, keys.length); k++)
          if (window.indexOf(k) < 0 && same(k, j)) { found = k; break; }
        if (found < 0) break;
        window.push(found);
        if (!stopwords[words[found]]) content = true;
      }
      if (j === n && content) claim(window.sort(function (a, b) { return a - b; }), entry[2]);
    }
  });
  return out;
}

/* How much the easy-read pages count for a query, as scripts/search.py's person_boost(): more for the
   person's own question (a first-person word, as written: "mej" is mig), a little more for an everyday
   question or a sentence without its "jag" ("vill inte ha hjälp"); not when a word names the one who is
   supported as staff do ("personen", "brukaren"). */
function personBoost(words, rule) {
  rule = rule || person;
  function has(list) { return words.some(function (w) { return list.indexOf(w) >= 0; }); }
  if (!rule || !words.length || has(rule.not)) return 1;
  if (has(rule.words)) return rule.boost;
  return rule.start.indexOf(words[0]) >= 0 ? rule.startBoost : 1;
}

/* --- matching ------------------------------------------------------------------------------ */

function editDistanceAtMost(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return false;
  var prev = [], cur, i, j, best;
  for (j = 0; j <= b.length; j++) prev[j] = j;
  var prevprev = null;
  for (i = 1; i <= a.length; i++) {
    cur = [i]; best = i;
    for (j = 1; j <= b.length; j++) {
      var cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (prevprev && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        cur[j] = Math.min(cur[j], prevprev[j - 2] + 1);
      if (cur[j] < best) best = cur[j];
    }
    if (best > max) return false;
    prevprev = prev; prev = cur;
  }
  return prev[b.length] <= max;
}

/* Every index key a query word can stand for, with how good the match is.
 * Keys keep å/ä/ö. A word typed without them that is a word of its own ("saker") matches only as
 * typed; otherwise ("angest", "lagenhet") it also matches the keys that have them ("ångest"). */
function expand(word) {
  var lower = word.toLowerCase(), k = key(lower), out = {}, i, v, f;
  var ascii = fold(k) === k, strict = !ascii || !!index.terms[k];
  if (index.terms[k]) out[k] = QUALITY.exact;
  else if (ascii && variants[k]) variants[k].forEach(function (x) { out[x] = QUALITY.exact; });
  if (lower !== k && index.terms[lower]) out[lower] = QUALITY.exact;
  if (k.length < 3) return out;
  for (i = 0; i < vocabulary.length; i++) {
    v = vocabulary[i];
    f = strict ? v : folded[i];
    if (out[v]) continue;
    if (f.length > lower.length && f.indexOf(lower) === 0) out[v] = QUALITY.prefix;
    else if (f.length > k.length + 2 && f.slice(-k.length) === k && k.length >= 4 &&
      head(v.slice(0, v.length - k.length))) out[v] = QUALITY.compound;
  }
  if (Object.keys(out).length === 0 && k.length >= 5) {
    var max = k.length >= 8 ? 2 : 1;
    for (i = 0; i < vocabulary.length; i++)
      if (editDistanceAtMost(k, strict ? vocabulary[i] : folded[i], max)) out[vocabulary[i]] = QUALITY.fuzzy;
  }
  if (Object.keys(out).length === 0) soundsLike(lower, k, out);
  if (Object.keys(out).length === 0) compoundParts(lower, out);
  return out;
}

/* The first part of a compound is a word of its own, perhaps with a joining s ("tvångs|syndrom",
 * "bild|stöd"): "planering" is no compound of "ring". */
function head(part) {
  return !!(index.terms[key(part)] || (part.length > 3 && /s$/.test(part) && index.terms[key(part.slice(0, -1))]));
}

/* How a word sounds, roughly, the way it is mistyped in a hurry: a double letter once, sch/ch as
 * sk, z as s, c as k or s, ph as f ("öpnar" ~ "öppnar", "skitsofreni" ~ "schizofreni"). */
function sound(word) {
  return fold(word).replace(/sch|ch|sh/g, "sk").replace(/z/g, "s").replace(/c(?=[eiy])/g, "s")
    .replace(/c/g, "k").replace(/ph/g, "f").replace(/w/g, "v").replace(/q/g, "k").replace(/x/g, "ks")
    .replace(/(.)\1+/g, "$1");
}

/* A near miss by sound: the same sound, or one edit from it in a longer word. */
function soundsLike(lower, k, out) {
  var heard = [sound(k), sound(lower)];
  for (var i = 0; i < vocabulary.length; i++) {
    var s = sounds[i];
    if (s === heard[0] || s === heard[1] || (heard[0].length >= 5 && editDistanceAtMost(heard[0], s, 1)))
      out[vocabulary[i]] = QUALITY.fuzzy;
  }
}

/* A compound the pages write apart or not at all ("gaslukt" → "gas" and "lukt"). */
function compoundParts(lower, out) {
  for (var i = 3; i <= lower.length - 3; i++) {
    var a = key(lower.slice(0, i)), b = key(lower.slice(i));
    if (index.terms[a] && index.terms[b]) { out[a] = QUALITY.compound; out[b] = QUALITY.compound; }
  }
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
  });
}

/* Mark words whose key is among the matched keys. */
function highlight(text, matched) {
  var out = "", last = 0, m;
  WORD.lastIndex = 0;
  while ((m = WORD.exec(text))) {
    var w = m[0];
    out += escapeHtml(text.slice(last, m.index)) +
      (matched[key(w)] || matched[w.toLowerCase()] ? "<mark>" + escapeHtml(w) + "</mark>" : escapeHtml(w));
    last = m.index + w.length;
  }
  return out + escapeHtml(text.slice(last));
}

function search(query) {
  var scores = {}, matchedKeys = {}, terms = {}, hits = {}, i, j;
  var parts = [];
  var whole = (query.match(WORD) || []).map(function (w) { return fold(asPage(spoken(w.toLowerCase()))); }).join(" ");
  citations(query).forEach(function (c) {
    /* the exact provision of the named law first, the same number in another law well after */
    var keys = c.law ? [[c.law + "/" + c.key, 1], [c.key, 0.35]] : [[c.key, 1]];
    parts.push({ label: c.text.trim(), keys: keys, cite: true });
    query = query.replace(c.text, " ");
  });
  var words = (query.match(WORD) || []).map(function (w) { return spoken(w.toLowerCase()); });
  var inPhrase = {};
  /* Each word is a part of the query; a word of an everyday phrase is found by the phrase's concept too
     (a phrase of stopwords only is one part: its concept). */
  concepts(words.map(asPage)).forEach(function (c) {
    var own = c.words.filter(function (at) { return !stopwords[words[at]]; });
    c.words.forEach(function (at) { inPhrase[at] = c.concept; });
    if (!own.length) parts.push({ label: c.words.map(function (at) { return words[at]; }).join(" "), keys: [], concept: c.concept });
  });
  words.forEach(function (w, at) {
    if (w === "§" || stopwords[w] || (w.length < 2 && !/\d/.test(w))) return;
    var expanded = expand(w), list = [];
    for (var k in expanded) list.push([k, expanded[k]]);
    parts.push({ label: w, keys: list, concept: inPhrase[at] });
  });
  var titled = phrases[whole] || [];
  var contained = {};  // a title or sökord of two words or more, inside a longer query
  for (var p in phrases) {
    if (p !== whole && p.indexOf(" ") > 0 && (" " + whole + " ").indexOf(" " + p + " ") >= 0)
      phrases[p].forEach(function (doc) { contained[doc] = true; });
  }
  if (!parts.length && !titled.length) return { items: [], total: 0 };

  parts.forEach(function (part, p) {
    var best = {};  // doc -> best score for this part
    part.keys.forEach(function (pair) {
      var postings = index.terms[pair[0]];
      if (!postings) return;
      matchedKeys[pair[0]] = true;
      for (var n = 0; n < postings.length; n += 2) {
        var doc = postings[n], s = postings[n + 1] * pair[1];
        if (!(doc in best) || s > best[doc]) best[doc] = s;
      }
    });
    var postings = part.concept && index.terms[part.concept];  // the concept adds to the phrase's own words
    if (postings) {
      matchedKeys[part.concept] = true;
      for (var n = 0; n < postings.length; n += 2) best[postings[n]] = (best[postings[n]] || 0) + postings[n + 1];
    }
    var found = false;
    for (var doc in best) {
      scores[doc] = (scores[doc] || 0) + best[doc];
      (hits[doc] = hits[doc] || {})[p] = true;
      found = true;
    }
    terms[part.label] = found;
  });

  titled.forEach(function (doc) {
    scores[doc] = scores[doc] || 0;
    hits[doc] = hits[doc] || {};
    parts.forEach(function (part, p) { hits[doc][p] = true; });
  });

  /* Group by page; a page scores its best doc plus a little for each other matching section. */
  var groups = {}, total = parts.filter(function (p) { return terms[p.label]; }).length;
  var cited = parts.some(function (p) { return p.cite; });  // a citation is not the person's own words
  var boost = cited ? 1 : personBoost(words);  // the easy-read pages first for the person's own question
  for (var d in scores) {
    var covered = parts.length ? Object.keys(hits[d]).length / parts.length : 1;
    var score = scores[d] * covered * covered + (titled.indexOf(+d) >= 0 ? PHRASE_BONUS : 0) +
      (contained[d] ? PHRASE_BONUS / 2 : 0);
    var page = index.docs[d][3];
    (groups[page] = groups[page] || []).push({ doc: +d, score: score });
  }
  var ranked = Object.keys(groups).map(function (page) {
    var items = groups[page].sort(function (a, b) { return b.score - a.score; });
    var rank = items[0].score + 0.1 * items.slice(1, 4).reduce(function (s, x) { return s + x.score; }, 0);
    if (boost !== 1 && index.docs[page][4] === person.kind) rank *= boost;
    else if (boost !== 1 && index.docs[page][4] === person.lawKind) rank /= boost;  // seldom a provision
    return { page: +page, items: items, rank: rank };
  }).sort(function (a, b) { return b.rank - a.rank || index.docs[a.page][5] - index.docs[b.page][5]; });  // ties: menu order

  var items = ranked.slice(0, 30).map(function (group) {
    var head = index.docs[group.page];
    return {
      url: head[0],
      title: highlight(head[1], matchedKeys),
      snippet: highlight(head[2], matchedKeys),
      kind: head[4],
      sections: group.items.filter(function (x) { return x.doc !== group.page; }).slice(0, 3).map(function (x) {
        var doc = index.docs[x.doc];
        return { url: doc[0], title: highlight(doc[1], matchedKeys), snippet: highlight(doc[2], matchedKeys) };
      })
    };
  });
  return { items: items, total: ranked.length };
}

/* --- loading ------------------------------------------------------------------------------- */

function here(path) {
  return new URL(path, workerUrl()).href;
}

function workerUrl() {
  if (typeof document !== "undefined") {              // inside the iframe-worker shim (file://)
    var script = document.querySelector("script[src]");
    if (script) return script.src;
  }
  return self.location.href;
}

var pending = [];          // parts still to load
var complete = false;      // every part is in
var latest = null;         // the newest query, answered again when the index grows

var full = {};             // the other parts' postings, joined per key (weights before idf)
var edition = null;        // the chosen kommun's search additions, once they are in (their postings by final id)
var superseded = {};       // the addresses of national docs the edition replaces or drops: address -> true
var replaced = {};         // the ids of those national docs: id -> true

/* A part of the index: the first one becomes the index; the others, by page, are joined into it. */
self.__portalIndexPart = function (part) {
  if (!index) {
    index = { docs: part.docs, terms: part.terms, phrases: part.phrases, stop: part.stop, concepts: part.concepts,
      laws: part.laws, spoken: part.spoken, perspective: part.perspective, person: part.person };
    return;
  }
  for (var d in part.docs) {
    if (superseded[part.docs[d][0]]) replaced[d] = true;  // the edition has its own version of it
    else if (index.docs[d]) index.docs[d][2] = part.docs[d][2];  // a page: its snippet (the first part keeps its place in the menu)
    else index.docs[d] = part.docs[d];
  }
  for (var k in part.terms) full[k] = full[k] ? full[k].concat(part.terms[k]) : part.terms[k];
};

/* Every part is in: the whole postings replace the first part's, each weighed by how rare its key
   is among all docs (idf, as in scripts/search.py); the edition's replace the docs it replaces. */
function joinParts(docs) {
  for (var k in full) {
    var postings = full[k], df = postings.length / 2;
    var idf = Math.log(1 + (docs - df + 0.5) / (df + 0.5));
    for (var n = 1; n < postings.length; n += 2) postings[n] *= idf;
  }
  index.terms = full;
  full = {};
  if (edition) addEdition(edition.terms);
}

/* The chosen kommun's additions (k/<id>/sok.js, scripts/search.py edition_index): the docs of its
   pages that differ from the national docs at the same address replace them, the national docs its
   pages lack are dropped, and its own pages are added. The edition's version of a national page
   takes the national page's id, so the page's national sections stay with it. Their postings are
   weighed already, against the national index: `head` while only the first part is in, `terms`
   for the whole index. */
self.__portalEditionIndex = function (data) {
  if (!index || edition) return;
  var national = {}, ids = {}, d, doc;
  for (d in index.docs) if (index.docs[d][3] === +d) national[index.docs[d][0]] = +d;  // a page's address -> its id
  for (d in data.docs) {
    doc = data.docs[d];
    ids[d] = doc[3] === +d && doc[0] in national ? national[doc[0]] : +d;
  }
  function page(ref) { return typeof ref === "string" ? national[ref] : ids[ref]; }  // a national page, or one of the file's
  data.drop.forEach(function (address) { superseded[address] = true; });
  for (d in data.docs) superseded[data.docs[d][0]] = true;
  for (d in index.docs) if (superseded[index.docs[d][0]]) { replaced[d] = true; delete index.docs[d]; delete index.phrases[d]; }
  for (d in data.docs) {
    doc = data.docs[d].slice();
    doc[3] = page(doc[3]);
    if (doc[3] === undefined) delete ids[d];  // its page is not in this index (another version): left out
    else index.docs[ids[d]] = doc;
  }
  for (d in data.phrases) if (d in ids) index.phrases[ids[d]] = data.phrases[d];
  edition = { head: renumber(data.head, ids), terms: renumber(data.terms, ids) };
  addEdition(complete ? edition.terms : edition.head);
  prepare();
};

/* Postings [id, weight, …] with the file's ids made the index's (postings of docs left out dropped). */
function renumber(terms, ids) {
  var out = {};
  for (var k in terms) {
    var postings = terms[k], kept = [];
    for (var n = 0; n < postings.length; n += 2) if (postings[n] in ids) kept.push(ids[postings[n]], postings[n + 1]);
    if (kept.length) out[k] = kept;
  }
  return out;
}

/* The edition's postings into the index, after those of the national docs it replaces are taken out. */
function addEdition(terms) {
  var k, n;
  for (k in index.terms) {
    var postings = index.terms[k], kept = [];
    for (n = 0; n < postings.length; n += 2) if (!replaced[postings[n]]) kept.push(postings[n], postings[n + 1]);
    if (kept.length) index.terms[k] = kept; else delete index.terms[k];
  }
  for (k in terms) index.terms[k] = (index.terms[k] || []).concat(terms[k]);
}

function prepare() {
  vocabulary = Object.keys(index.terms);
  folded = vocabulary.map(fold);
  sounds = vocabulary.map(sound);
  variants = {};
  vocabulary.forEach(function (k, i) { if (folded[i] !== k) (variants[folded[i]] = variants[folded[i]] || []).push(k); });
  stopwords = {};
  index.stop.forEach(function (w) { stopwords[w] = true; });
  spokenForms = index.spoken || {};
  perspective = index.perspective || {};
  person = index.person || null;
  conceptWords = index.concepts.map(function (pair) {
    var words = pair[0].split(" ");
    return [words, words.map(fold), pair[1]];
  });
  phrases = {};
  Object.keys(index.phrases).forEach(function (doc) {
    index.phrases[doc].forEach(function (p) { (phrases[p] = phrases[p] || []).push(+doc); });
  });
}

var started = null;

/* importScripts, as a promise: in a worker it loads at once (and throws on failure); from disk the
   iframe-worker shim loads the scripts asynchronously and returns a promise. Either way: a promise. */
function load(urls) {
  return new Promise(function (resolve) { resolve(importScripts.apply(self, urls)); });
}

/* A script of the index ("self.__portalIndexPart({...});", or the edition's "self.__portalEditionIndex(…)"):
   its text read as the script would be run, or, without text, the script run. */
function usePart(url, text, receive) {
  if (!text) return load([url]);  // from disk, or the page could not fetch it: importScripts reads it
  self[receive || "__portalIndexPart"](JSON.parse(text.slice(text.indexOf("(") + 1, text.lastIndexOf(")"))));
  return Promise.resolve();
}

var allDocs = 0;  // how many docs the whole index has (the manifest says)
var handedOver = null;  // resolves with the first part's text the page fetched (or null)
var handOver = null;

/* The first part, then (between queries) the others. sok.html hands over the manifest at once and
   the first part's text when it has fetched it: the page asks for it while this worker's own
   script is still on its way, which saves a round trip on a slow line. Meanwhile the stemmer loads.
   With a chosen kommun, its edition's additions follow the first part, beside the other parts. */
function start(manifest, pageFetches, kommun) {
  if (started) return started;
  if (pageFetches) handedOver = new Promise(function (resolve) { handOver = resolve; });
  var named = manifest ? Promise.resolve(manifest) : load([here("../../search/portal-index.js")]).then(function () {
    return self.__portalIndexManifest;
  });
  started = named.then(function (m) {
    return (self.snowballFactory ? Promise.resolve() : load([here("vendor/snowball-swedish.js")])).then(function () {
      return handedOver || null;
    }).then(function (text) {
      return usePart(here("../../" + m.head), text);
    }).then(function () {
      prepare();
      postMessage({ type: "klar" });
      if (kommun) loadEdition(kommun);
      pending = m.parts.slice();
      allDocs = m.docs;
      setTimeout(nextPart, 0);
    });
  });
  return started;
}

/* One of the other parts: by fetch over the network, so the worker answers queries while it comes
   (importScripts would hold every query until the part is in); from disk by importScripts (the
   iframe-worker shim's is asynchronous). */
function loadPart(path, receive) {
  var url = here("../../" + path);
  if (!/^https?:/.test(url) || typeof fetch !== "function") return load([url]);
  return fetch(url).then(function (response) {
    if (!response.ok) throw new Error(url + ": " + response.status);
    return response.text();
  }).then(function (text) { return usePart(url, text, receive); });
}

/* The chosen kommun's search additions; the newest query is answered again with them. Additions
   that cannot be read leave the national index as it was. */
function loadEdition(kommun) {
  if (!/^[a-z0-9-]+$/.test(kommun)) return;
  loadPart("k/" + kommun + "/sok.js", "__portalEditionIndex").then(function () {
    if (latest && latest.text.trim()) answer(latest);
  }, function (err) { console.warn(err); });
}

function nextPart() {
  if (!pending.length) return;
  loadPart(pending.shift()).then(function () {
    if (pending.length) { setTimeout(nextPart, 0); return; }
    joinParts(allDocs);
    complete = true;
    prepare();
    if (latest) answer(latest);
  }, function (err) {  // a part that cannot be read: the answers stay those of the parts that could
    console.warn(err);
    pending = [];
  });
}

function answer(query) {
  var data;
  try { data = search(query.text); } catch (err) { console.warn(err); data = { items: [], total: 0 }; }
  postMessage({ type: "svar", id: query.id, text: query.text, complete: complete, total: data.total, items: data.items });
}

self.portalSearch = { stem: stem, key: key, citations: citations, search: search, start: start,
  personBoost: function (text, rule) {
    return personBoost((text.match(WORD) || []).map(function (w) { return spoken(w.toLowerCase()); }), rule);
  },
  ready: function () { return complete; } };

addEventListener("message", function (ev) {
  var message = ev.data || {};
  if (message.type === "forbered") {
    start(message.manifest, message.sidanHamtar, message.kommun).catch(function () {});
    return;
  }
  if (message.type === "forstaDelen") { if (handOver) handOver(message.text || null); return; }
  if (message.type !== "fraga") return;
  latest = { id: message.id, text: String(message.text || "") };
  if (!latest.text.trim()) {
    postMessage({ type: "svar", id: latest.id, text: latest.text, complete: true, total: 0, items: [] });
    return;
  }
  var query = latest;
  start().then(function () {
    if (query === latest) answer(query);  // a newer query has come: that one is answered instead
  }, function (err) {
    postMessage({ type: "fel", id: query.id, message: String(err) });
  });
});
