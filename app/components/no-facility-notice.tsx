import { useTranslation } from "react-i18next";

/** Shown to a coordinator or counsellor who belongs to no facility yet: why the lists are empty, and what to do. */
export function NoFacilityNotice() {
  const { t } = useTranslation("enrolment");
  return (
    <div className="alert" role="status">
      <p>{t("facilities.none")}</p>
    </div>
  );
}
