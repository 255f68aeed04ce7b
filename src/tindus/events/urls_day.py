from django.urls import path

from .views import day, day_agenda, day_checkin, day_noshows, day_tables

urlpatterns = [
    path("<int:pk>/planning/", day.schedule, name="schedule"),
    path("<int:pk>/planning/publier/", day.publish, name="publish"),
    path("<int:pk>/planning/replanifier/", day.reschedule, name="reschedule"),
    path("<int:pk>/agenda/<int:participant>/", day_agenda.agenda, name="agenda"),
    path("<int:pk>/agenda/<int:participant>/pdf/", day_agenda.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/agenda/<int:participant>/ics/", day_agenda.agenda_ics_file, name="agenda_ics"),
    path("<int:pk>/plan-des-tables/", day_tables.table_plan, name="table_plan"),
    path("<int:pk>/plan-des-tables/pdf/", day_tables.table_plan_pdf, name="table_plan_pdf"),
    path("<int:pk>/tableau/", day_tables.board, name="board"),
    path("<int:pk>/accueil/", day_checkin.checkin, name="checkin"),
    path("<int:pk>/accueil/<int:participant>/", day_checkin.checkin_mark, name="checkin_mark"),
    path("<int:pk>/absences/", day_noshows.noshows, name="noshows"),
    path("<int:pk>/absences/remplacer/", day_noshows.replace, name="noshow_replace"),
]
