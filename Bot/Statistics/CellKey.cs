using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Statistics;

/// <summary>
/// One cell of the daily figures: a local day (yyyymmdd) or a whole Jalali month (yyyymm00), and the dashboard's filter
/// dimensions. <see cref="DistrictId"/> 0 stands for no district; <see cref="Department"/> is the one in charge (the
/// ticket's own, or its category's).
/// </summary>
public readonly record struct CellKey(int Day, TicketKind Kind, int CategoryId, string Department, int DistrictId, string Channel)
{
    public CellKey OnDay(int day) => this with { Day = day };

    public bool IsMonth => Day % 100 == 0;
}
