namespace ChatIntake.Tests.Dialogs;

/// <summary>
/// Dialog states as earlier builds stored them, captured from real runs: a conversation saved before an upgrade must go
/// on after it.
/// </summary>
internal static class EarlierDialogStates
{
    /// <summary>
    /// A report waiting at its summary, written by bc29511, when each dialog's state was a tree of JSON nodes: the
    /// waterfall's values before its step, the summary's options inline as one string.
    /// </summary>
    public const string Summary =
        """
        {"stack":[{"id":"report","version":1,"state":{"stack":[{"id":"report.steps","version":1,"state":{"values":{"category":"lighting","point":{"latitude":35.725,"longitude":51.37,"isValid":true},"district":1,"districtName":["منطقه ۱","District 1"],"description":"تیر چراغ برق سر کوچه خاموش است و شب‌ها کوچه کاملاً تاریک می‌شود.","editing":true},"step":"summary"}},{"id":"report.summary","version":1,"state":{"options":"{\"prompt\":{\"type\":\"message\",\"text\":\"لطفاً گزارش خود را بررسی کنید:\\n• موضوع: روشنایی معابر\\n• محل: منطقه ۱ (۳۵٫۷۲۵، ۵۱٫۳۷)\\n• شرح: تیر چراغ برق سر کوچه خاموش است و شب‌ها کوچه کاملاً تاریک می‌شود.\\n• عکس‌ها: ۰\\n\\nثبت شود، چیزی را تغییر دهید یا لغو کنید؟\",\"suggestedActions\":[],\"attachments\":[]},\"retryPrompt\":{\"type\":\"message\",\"text\":\"لطفاً یکی از دکمه‌ها را انتخاب کنید: ثبت، تغییر یک مورد یا لغو.\",\"suggestedActions\":[],\"attachments\":[]},\"choices\":[{\"value\":\"confirm\",\"title\":\"✅ ثبت گزارش\"},{\"value\":\"category\",\"title\":\"✏️ تغییر موضوع\"},{\"value\":\"location\",\"title\":\"✏️ تغییر محل\"},{\"value\":\"description\",\"title\":\"✏️ تغییر شرح\"},{\"value\":\"photos\",\"title\":\"✏️ تغییر عکس‌ها\"},{\"value\":\"cancel\",\"title\":\"❌ لغو\"}],\"attachedButtons\":true}","attempts":0}}]}}],"values":{}}
        """;
}
