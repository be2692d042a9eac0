using System.Globalization;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Benchmarks;

/// <summary>Citizens' and staff's words for the seeded history: Persian (with Persian digits and ZWNJ, cleaned as the bot stores them) and some English.</summary>
internal static class SeedText
{
    private static readonly string[] Streets =
    [
        "خیابان ولیعصر", "خیابان انقلاب", "بلوار کشاورز", "خیابان آزادی", "خیابان شریعتی", "بزرگراه همت", "خیابان مطهری",
        "خیابان طالقانی", "میدان ونک", "خیابان پاسداران", "خیابان دماوند", "بلوار میرداماد", "خیابان جمهوری", "خیابان کارگر",
        "خیابان فاطمی", "خیابان بهار", "خیابان سعدی", "خیابان گیشا", "بلوار فردوس", "خیابان نیاوران",
    ];

    private static readonly Dictionary<string, string[]> Subjects = new(StringComparer.Ordinal)
    {
        ["pothole"] = ["چاله بزرگ وسط خیابان", "آسفالت خراب و ترک‌خورده", "دست‌انداز غیرمجاز", "گودال بعد از حفاری شرکت آب"],
        ["lighting"] = ["چراغ‌های خیابان خاموش است", "تیر چراغ برق کج شده", "روشنایی کوچه خراب است", "لامپ پارک سوخته"],
        ["waste"] = ["زباله‌ها جمع‌آوری نشده", "سطل زباله پر و شکسته است", "نخاله ساختمانی کنار جوی", "بوی بد از مخزن زباله"],
        ["drainage"] = ["آب‌گرفتگی بعد از باران", "جوی آب مسدود شده", "دریچه فاضلاب باز است", "آب در زیرگذر جمع شده"],
        ["parks"] = ["درخت خشک در حال افتادن", "تاب پارک شکسته", "چمن پارک آبیاری نمی‌شود", "شاخه‌ها روی سیم برق"],
        ["traffic"] = ["چراغ راهنمایی چشمک‌زن است", "تابلوی ایست افتاده", "خط‌کشی عابر پیاده پاک شده", "سرعت‌گیر لازم است"],
        ["construction"] = ["ساخت‌وساز بدون مجوز", "مصالح ساختمانی در پیاده‌رو", "کار ساختمانی در ساعت شب", "داربست خطرناک"],
        ["animals"] = ["سگ‌های ولگرد در کوچه", "لاشه حیوان در خیابان", "گربه زخمی در پارک", "موش در جوی آب"],
        ["other"] = ["درخواست نیمکت در ایستگاه", "پیاده‌رو برای ویلچر مناسب نیست", "سروصدای بلند شبانه", "ایستگاه اتوبوس سقف ندارد"],
    };

    private static readonly string[] Details =
    [
        "لطفاً هر چه زودتر رسیدگی کنید.", "چند بار تماس گرفتم ولی کسی نیامد.", "برای بچه‌ها و سالمندان خطرناک است.",
        "از هفته گذشته همین‌طور مانده.", "شب‌ها خیلی تاریک است و رفت‌وآمد سخت شده.", "ماشین‌ها آسیب می‌بینند.",
        "همسایه‌ها هم شکایت دارند.", "نزدیک مدرسه است.",
    ];

    private static readonly string[] English =
    [
        "Large pothole in the middle of the road near", "Street lights are out along", "Rubbish has not been collected on",
        "Blocked drain flooding the pavement at", "Dead tree leaning over the path by", "Broken traffic light at",
    ];

    private static readonly string[] Replies =
    [
        "گزارش شما به واحد مربوط ارسال شد.", "اکیپ فنی فردا صبح اعزام می‌شود.", "مشکل بررسی شد و در برنامه کار قرار گرفت.",
        "با پیمانکار هماهنگ شد.", "از صبر شما سپاسگزاریم.", "کار انجام شد؛ لطفاً نتیجه را اعلام کنید.",
    ];

    private static readonly string[] Notes =
    [
        "نیاز به هماهنگی با شرکت آب دارد.", "پیمانکار تا آخر هفته وقت ندارد.", "بازدید میدانی انجام شد.", "تکراری احتمالی؛ بررسی شود.",
    ];

    private static readonly string[] CitizenFollowUps =
    [
        "هنوز درست نشده.", "امروز دوباره دیدم، بدتر شده.", "عکس جدید فرستادم.", "کی رسیدگی می‌شود؟", "ممنون از پیگیری.",
    ];

    private static readonly string[] Reasons =
    [
        "خارج از محدوده شهرداری است.", "مربوط به ملک خصوصی است.", "اطلاعات کافی نیست.",
    ];

    public static string Address(Random random)
    {
        var alley = random.Next(1, 60).ToString(CultureInfo.InvariantCulture);
        var plate = random.Next(1, 400).ToString(CultureInfo.InvariantCulture);
        return PersianText.ToPersianDigits($"{Streets[random.Next(Streets.Length)]}، کوچه {alley}، پلاک {plate}");
    }

    public static string Description(Random random, string categoryCode, string address, bool english)
    {
        if (english)
        {
            return $"{English[random.Next(English.Length)]} {Streets[random.Next(Streets.Length)]}. Please send someone soon.";
        }

        var subjects = Subjects.GetValueOrDefault(categoryCode) ?? Subjects["other"];
        return $"{subjects[random.Next(subjects.Length)]} در {address}. {Details[random.Next(Details.Length)]}";
    }

    public static string Reply(Random random) => Replies[random.Next(Replies.Length)];

    public static string Note(Random random) => Notes[random.Next(Notes.Length)];

    public static string FollowUp(Random random) => CitizenFollowUps[random.Next(CitizenFollowUps.Length)];

    public static string Reason(Random random) => Reasons[random.Next(Reasons.Length)];
}
