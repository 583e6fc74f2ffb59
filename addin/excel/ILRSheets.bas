Attribute VB_Name = "ILRSheets"
' ILR Sheets: the Refresh button.
'
' Needs xlwings' RunPython in this workbook. The template (`ilr template --excel`) has it built
' in; any other workbook imports xlwings.bas (and, on a Mac, Dictionary.cls) from the xlwings
' Python package once: `ilr excel-setup` explains how.
Option Explicit

Public Const ILR_ENTRY_POINT As String = "import addin.excel.refresh as r; r.refresh_from_excel()"

' What the Refresh buttons run: rewrite the output tabs from the input tabs, in place.
Public Sub RefreshILR()
    RunPython ILR_ENTRY_POINT
    ' The Summary tab is written anew by every refresh, so its button is put back here.
    EnsureRefreshButton "Summary"
End Sub

Private Sub EnsureRefreshButton(sheetName As String)
    Dim ws As Worksheet
    Dim b As Object
    Dim spot As Range

    On Error Resume Next
    Set ws = ThisWorkbook.Worksheets(sheetName)
    On Error GoTo 0
    If ws Is Nothing Then Exit Sub

    For Each b In ws.Buttons
        If b.OnAction Like "*RefreshILR" Then Exit Sub
    Next b

    ' Top right of the tab's text, above the charts (which start on row 3).
    Set spot = ws.Cells(1, ws.UsedRange.Column + ws.UsedRange.Columns.Count + 1)
    Set b = ws.Buttons.Add(spot.Left, spot.Top, 96, 26)
    b.OnAction = "RefreshILR"
    b.Caption = "Refresh"
End Sub
