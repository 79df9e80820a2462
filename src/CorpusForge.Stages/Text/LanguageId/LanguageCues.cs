using System.Collections.Frozen;

namespace CorpusForge.Stages.Text.LanguageId;

/// <summary>Documented linguistic cues that separate the languages of a confusable group (Bosnian/Croatian/Serbian,
/// Malay/Indonesian): each cue is a class of words that the grammars and dictionaries of these languages name as a
/// difference between them, and says which of the group's languages it points to. The group model
/// (<see cref="LanguageGroupModel"/>) counts a text's words per cue; because a cue pools many words, it speaks for words
/// the training text never had (Bosnian, Latin-script Serbian and Malay have little real training text).</summary>
/// <remarks>
/// <para>Sources (facts only; the word lists are written for this project): yat reflexes — W. Browne, "Serbo-Croat",
/// in B. Comrie and G. Corbett (eds.), <i>The Slavonic Languages</i>, Routledge 1993, §1 on ijekavian and ekavian;
/// R. Alexander, <i>Bosnian, Croatian, Serbian: A Grammar with Sociolinguistic Commentary</i>, University of
/// Wisconsin Press 2006, chapters on jat and on the lexical and morphological differences (tko/ko, tisuća/hiljada,
/// kruh/hljeb/hleb, -irati/-ovati/-isati, the joined Serbian future "radiću" against "radit ću", the Croatian month
/// names, Bosnian "historija", "lahko", "kahva"); Wikipedia, "Differences between standard Bosnian, Croatian, Montenegrin
/// and Serbian" and "Yat". Malay and Indonesian — Wikipedia, "Comparison of Standard Malay and Indonesian" (kerana/karena,
/// bahawa/bahwa, sahaja, wang/uang, kerajaan/pemerintah, -iti/-itas as in universiti/universitas, -syen/-si,
/// telefon/telepon, pejabat/kantor, cuba/coba, the Malay "h" kept in kahwin, mahu, baharu); A. Sneddon, <i>The Indonesian
/// Language: Its History and Role in Modern Society</i>, UNSW Press 2003, on the 1972 joint spelling and the remaining
/// lexical differences; Dewan Bahasa dan Pustaka's Malay and Indonesia's KBBI spellings for the computer terms
/// (fail/berkas, tetapan/pengaturan, pautan/tautan, kata laluan/kata sandi).</para>
/// <para>Cues name group members only: the sources compare the members, not their neighbours (Slovenian has "lahko",
/// "kruh", "vlak", "januar" and ekavian "reka" as ordinary words), so the trainer gives a neighbour the members' mean
/// weight and a cue never moves a text between a member and a neighbour.</para>
/// <para>Matching is on the lower-cased words of <see cref="LanguageGroupModel"/>'s reader: a whole word, a word
/// prefix (a stem; entries written "stem*", at least four letters of the word's first twelve) or a word ending
/// (entries written "*ending", with the smallest word length that ending needs). Each word counts for at most one cue
/// (whole words first, then the longest prefix, then the longest ending). Only unambiguous forms are listed: a form
/// that is also an ordinary word of another member ("sveta" holy, "leta" of a flight, "prijatelj", "informacije",
/// "želje" wishes, "ljudska bića"; Indonesian "kereta api", "hapus", "ahli", "sila", "Mahkamah Agung"; Malay "saja")
/// is left out, so that a cue does not fire on text that is simply in the other language.</para>
/// </remarks>
public sealed class LanguageCueSet
{
    private const int MinPrefix = 4;
    private const int MaxPrefix = 12;

    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _words;
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _prefixes;
    private readonly FrozenDictionary<string, (int Cue, int MinLength)>.AlternateLookup<ReadOnlySpan<char>> _endings;
    private readonly int _minEnding;
    private readonly int _maxEnding;

    /// <summary>Builds a cue set: per cue a name, the languages it points to and its entries (see the remarks).</summary>
    public LanguageCueSet(string name, IReadOnlyList<(string Name, string[] Languages, string Entries)> cues)
    {
        Name = name;
        Cues = cues.Select(c => c.Name).ToArray();
        Languages = cues.Select(c => c.Languages).ToArray();
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        var prefixes = new Dictionary<string, int>(StringComparer.Ordinal);
        var endings = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        for (var c = 0; c < cues.Count; c++)
        {
            foreach (var entry in cues[c].Entries.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (entry.StartsWith('*'))
                {
                    // "*ending:N": a word of at least N letters ending so (N defaults to the ending's length + 3).
                    var parts = entry[1..].Split(':');
                    var minLength = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : parts[0].Length + 3;
                    Add(endings, parts[0], (c, minLength), name);
                }
                else if (entry.EndsWith('*'))
                {
                    var stem = entry[..^1];
                    if (stem.Length is < MinPrefix or > MaxPrefix) throw new ArgumentException($"cue set {name}: stem '{stem}' must have {MinPrefix}–{MaxPrefix} letters");
                    Add(prefixes, stem, c, name);
                }
                else Add(words, entry, c, name);
            }
        }

        _words = words.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _prefixes = prefixes.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _endings = endings.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _minEnding = endings.Count == 0 ? 1 : endings.Keys.Min(k => k.Length);
        _maxEnding = endings.Count == 0 ? 0 : endings.Keys.Max(k => k.Length);
    }

    /// <summary>The set's name (its group's members joined by "/"), as group-model files record it.</summary>
    public string Name { get; }

    /// <summary>The cues' names, in feature order.</summary>
    public IReadOnlyList<string> Cues { get; }

    /// <summary>Per cue, the languages it points to.</summary>
    public IReadOnlyList<string[]> Languages { get; }

    /// <summary>The cue a lower-cased word belongs to, or -1.</summary>
    public int Match(ReadOnlySpan<char> word)
    {
        if (_words.TryGetValue(word, out var cue)) return cue;
        for (var n = Math.Min(MaxPrefix, word.Length); n >= MinPrefix; n--)
        {
            if (_prefixes.TryGetValue(word[..n], out cue)) return cue;
        }

        for (var n = Math.Min(_maxEnding, word.Length); n >= _minEnding; n--)
        {
            if (_endings.TryGetValue(word[^n..], out var ending) && word.Length >= ending.MinLength) return ending.Cue;
        }

        return -1;
    }

    private static void Add<T>(Dictionary<string, T> entries, string key, T value, string name)
    {
        if (!entries.TryAdd(key, value)) throw new ArgumentException($"cue set {name}: '{key}' is listed twice");
    }
}

/// <summary>The shipped cue sets, by group.</summary>
public static class LanguageCues
{
    private static readonly string[] Bs = ["bs"], Hr = ["hr"], Sr = ["sr"], BsHr = ["bs", "hr"], BsSr = ["bs", "sr"];
    private static readonly string[] Ms = ["ms"], Id = ["id"];

    /// <summary>Bosnian/Croatian/Serbian (Latin script; Cyrillic text is Serbian for the first stage already).</summary>
    public static readonly LanguageCueSet SerboCroatian = new("bs/hr/sr",
    [
        // Long and short yat as "ije"/"je" (ijekavian: Bosnian, Croatian; also Montenegrin and Serbian of Bosnia) ...
        ("ijekavian", BsHr,
            "vrijeme rijeka rijeke rijeku rijekom mlijeko mlijeka dijete djeteta djetetu djeca djece djeci djecu djecom "
            + "gdje ovdje negdje nigdje svugdje dio prije poslije svijet svijeta svijetu svijetom vijek vijeka "
            + "lijep* lijek* lijev* bijel* bijeg* cijel* cijen* cijev* svjets* svjetl* svijes* svijeć* mjest* mjer* mjese* "
            + "mješ* mjen* vjer* vjet* vjež* vješ* sjever* sjeć* sjed* sjem* sjen* pjesm* pjev* pješ* bjež* bjel* djel* dijel* "
            + "podjel* odjel* riječ* rijet* snijeg* cvijet* cvjet* tijel* tjeles* vrijed* primjer* uspje* uspješ* zahtjev* "
            + "obavješt* obavijest* izvješt* savjet* svjedo* ljeto ljeta ljepot* lječ* ljekar* prijed* prijel* prijen* prijev* "
            + "prijet* grijeh* griješ* *jeti:7 *jela:7 *jeli:7 *jelo:7 *ijevši"),
        // ... and as "e" (ekavian: the Serbian of Serbia).
        ("ekavian", Sr,
            "vreme reka reke reku rekom mleko mleka dete deteta detetu deca dece deci decu decom gde ovde negde nigde deo "
            + "pre posle lep lepa lepo lepe lepu lek leka lekovi bela belo beli bele ceo cela celo celi cele celu cena cene "
            + "cenu mesto mesta mestu mestima vera vere veru verovatno verovati vek veka veku pesma pesme pesmu pesmom mera "
            + "mere meru delo delu delom reč reči rečima sneg snega cvet cveta telo tela telu telom vredi vredno vrednost "
            + "primer primera primeru primere videti živeti hteti razumeti voleti želeti smeti leteti sedeti hteo želeo "
            + "voleo živeo razumeo umeo predlog predloga prevod prevoda prevodu prenos prenosa prelaz prelaza leto "
            + "lepota lepote svest svestan svesno "
            + "sever* svets* svetl* meseč* mesec* zahtev* obavešt* izvešt* uspeh* uspeš* svedo* odeljenj* nedelj* bezbedn* "
            + "sećanj* vežb* pretnj* lekar* beleš*"),
        // Croatian words where Bosnian and Serbian have others.
        ("croatian", Hr,
            "tko netko nitko svatko itko tisuća tisuću tisuće tisućama tjedan tjedna tjednu tjedno tjedni tijekom tijek "
            + "siječanj siječnja veljača veljače ožujak ožujka travanj travnja svibanj svibnja lipanj lipnja srpanj srpnja "
            + "kolovoza rujan rujna listopad listopada studeni studenoga prosinac prosinca točno točan točna glede "
            + "ovisi ovisno usprkos unatoč kava kave "
            + "znanost* znanstv* obitelj* kruh* vlak* uvjet* sveučiliš* točk* kazališ* nogomet* glazb* zrakoplov* "
            + "povijest* kemij* sudjelova* sudjeluj* mirovin* jamč* jamstv* izvanred* tvrtk* poduzeć* sustav* čimbenik* "
            + "postot* kaznen* putovnic* veleposlan* iznimn* iznimk* okoliš* izbornik* računal* pogrešk* ovisnost* "
            + "definir* informir* formulir* komentir* konfigurir* ignorir* reagir* funkcionir* "
            + "*izirati *izirao *izirala *izirali *izira:7 *iziraju *iziran:8 *izirana *izirani *izirano *iziranje *iziranja "
            + "*ificirati *ificiran:10 *ificira:9"),
        // Bosnian and Serbian words where Croatian has others.
        ("bosnian-serbian", BsSr,
            "ko neko niko iko šta hiljada hiljadu hiljade hiljadama voz voza vozom sedmica sedmice sedmicu januar januara "
            + "februar februara mart marta maj maja jun juna juni jul jula juli septembar septembra oktobar oktobra novembar "
            + "novembra decembar decembra tokom tačno tačan tačna uprkos kafa kafe "
            + "porodic* porodič* naučn* uslov* tačk* univerzitet* pozoriš* fudbal* muzik* hemij* učestvova* učestvuj* "
            + "penzij* garantov* garantuj* vanred* zavisi* zavisno* preduzeć* sistem* procenat procent* krivičn* pasoš* ambasad* "
            + "računar* definis* informis* formulis* komentaris* konfiguris* ignoris* reagov* reaguj* funkcionis* "
            + "*izovati *izovao *izovala *izovali *izuje:7 *izuju *izujte *izovan:8 *izovana *izovani *izovano *izovanje "
            + "*izovanja *ifikovati *ifikovan:10 *ifikuje:9"),
        // Bosnian forms that keep "h" and the Bosnian "historija".
        ("bosnian", Bs, "lahko lahka lahak lahki lahke mehko mehka mehak kahva kahve kahvu hljeb hljeba historij* sahat*"),
        // Serbian forms: "istorija", "opšti", the future written as one word ("radiću", Croatian "radit ću").
        ("serbian", Sr,
            "hleb hleba istorij* opšt* vaspitan* *aćemo:7 *ićemo:7 *aćete:7 *ićete:7 *aćeš:6 *ićeš:6 *aću:6 *iću:6"),
    ]);

    /// <summary>Indonesian/Malay.</summary>
    public static readonly LanguageCueSet MalayIndonesian = new("id/ms",
    [
        ("malay", Ms,
            "kerana sahaja bahawa baharu mahu wang kerajaan percuma pejabat hospital filem televisyen sesiapa "
            + "sebarang iaitu kahwin berkahwin perkahwinan cukai syarikat kakitangan telefon teksi akaun bajet "
            + "projek peratus nombor jadual teknikal kempen inggeris sepanyol cuba cubaan pautan tetapan laluan mel fail "
            + "maklumat semak hantar tetingkap tetikus skrin sokongan perkhidmatan khidmat memulakan menerusi semasa "
            + "sekiranya bagaimanapun "
            + "muzik* papar* universiti kualiti aktiviti komuniti identiti prioriti realiti fakulti kapasiti integriti "
            + "majoriti minoriti autoriti nasionaliti personaliti entiti komoditi sekuriti utiliti fasiliti kreativiti "
            + "produktiviti mentaliti moraliti kuantiti formaliti *syen:7"),
        ("indonesian", Id,
            "karena bisa bahwa mau uang pemerintah gratis mobil kantor film musik televisi sembarang yaitu kawin "
            + "perkawinan menikah pengadilan pajak perusahaan karyawan telepon taksi akun proyek persen nomor jadwal teknis "
            + "kampanye inggris spanyol silakan coba tautan pengaturan sandi surel berkas informasi tampilan layar "
            + "dukungan layanan pembaruan memulai nggak enggak gak banget aja gimana ketimbang kapan *itas:7"),
    ]);

    /// <summary>The cue set of a group (by its members joined with "/"), or null.</summary>
    public static LanguageCueSet? For(string name) => name switch
    {
        "bs/hr/sr" => SerboCroatian,
        "id/ms" => MalayIndonesian,
        _ => null,
    };
}
