/** The report pages' shared parts (the 监控表 and the 自评表 are each a ReportKind of them). */
export { default as EntryText } from './EntryText.vue';
export { default as FieldNotes } from './FieldNotes.vue';
export { default as MoneyField } from './MoneyField.vue';
export { default as ReportField } from './ReportField.vue';
export { default as ReportHome } from './ReportHome.vue';
export { default as ReportIndicator } from './ReportIndicator.vue';
export { default as ReportPage } from './ReportPage.vue';
export { useReportForm } from './useReportForm';
