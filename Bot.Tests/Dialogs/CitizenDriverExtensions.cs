using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Dialogs;

public static class CitizenDriverExtensions
{
    /// <summary>Walks an English citizen to the summary: lighting, at a point, with a description, no photos.</summary>
    public static async Task ReachesSummaryAsync(this CitizenDriver citizen, double latitude = 35.725, double longitude = 51.37, string category = "Light")
    {
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync(category);
        await citizen.SharesLocationAsync(latitude, longitude);
        await citizen.SaysAsync("The lamp post at the corner is broken and dark.");
        await citizen.PressesAsync("Skip");
        Assert.Contains("Please check your report", citizen.LastText);
    }

    public static async Task<string> FilesReportAsync(this CitizenDriver citizen, double latitude = 35.725, double longitude = 51.37, string category = "Light")
    {
        await citizen.ReachesSummaryAsync(latitude, longitude, category);
        await citizen.PressesAsync("Submit");
        var text = citizen.LastText;
        Assert.Contains("Your report is registered", text);
        var line = text.Split('\n').First(l => l.StartsWith("Tracking code: ", StringComparison.Ordinal));
        return line["Tracking code: ".Length..].Trim();
    }
}
