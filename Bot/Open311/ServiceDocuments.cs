using System.Globalization;
using ChatIntake.Dialogs.Text;
using ChatIntake.Tickets;

namespace ChatIntake.Open311;

/// <summary>The categories as the spec's services: one service per category, and each one's definition (what it asks beyond the basics).</summary>
public static class ServiceDocuments
{
    /// <summary>The attribute a photo-required category asks for: the picture's URL (also accepted as media_url).</summary>
    public const string PhotoAttribute = "photo";

    public static Open311Node.Fields Service(Category category, CultureInfo culture, TextCatalog texts)
    {
        var persian = culture.TwoLetterISOLanguageName == "fa";
        var name = persian ? category.NameFa : category.NameEn;
        var keywords = (persian ? category.KeywordsFa : category.KeywordsEn).Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Open311Node.Object(
            ("service_code", Open311Node.Of(category.Code)),
            ("service_name", Open311Node.Of(name)),
            ("description", Open311Node.Of(texts.Format("open311.service.description", culture, name, category.Department,
                category.ResponseHours.ToString(CultureInfo.InvariantCulture)))),
            ("metadata", Open311Node.Of(Attributes(category, culture, texts).Count > 0)),
            ("type", Open311Node.Of("realtime")),
            ("keywords", Open311Node.Of(string.Join(", ", keywords))),
            ("group", Open311Node.Of(category.Department)));
    }

    public static Open311Node.Fields Definition(Category category, CultureInfo culture, TextCatalog texts) =>
        Open311Node.Object(
            ("service_code", Open311Node.Of(category.Code)),
            ("attributes", new Open311Node.List("attribute", Attributes(category, culture, texts))));

    /// <summary>The required attributes a POST must carry for <paramref name="category"/>.</summary>
    public static IReadOnlyList<string> RequiredAttributes(Category category) => category.PhotoRequired ? [PhotoAttribute] : [];

    private static List<Open311Node> Attributes(Category category, CultureInfo culture, TextCatalog texts)
    {
        var attributes = new List<Open311Node>();
        if (category.PhotoRequired)
        {
            attributes.Add(Open311Node.Object(
                ("variable", Open311Node.Of(true)),
                ("code", Open311Node.Of(PhotoAttribute)),
                ("datatype", Open311Node.Of("string")),
                ("required", Open311Node.Of(true)),
                ("datatype_description", Open311Node.Of("An http(s) URL of a JPEG, PNG, WebP or GIF picture; media_url is accepted instead.")),
                ("order", Open311Node.Of(1)),
                ("description", Open311Node.Of(texts.Get("open311.photo.description", culture))),
                ("values", new Open311Node.List("value", []))));
        }

        return attributes;
    }
}
