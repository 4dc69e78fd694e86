//! An evaluation's vendors as the vendors screen lists, adds, edits and removes
//! them. Names are checked (non-empty, unique in the evaluation) by the store.

use crate::store::{Deployment, NewVendor, Store, StoreError, Vendor};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::form::nonempty;

type Result<T> = std::result::Result<T, StoreError>;

/// One vendor of an evaluation, as the vendor list and the form header show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct VendorSummary {
    pub id: i64,
    pub evaluation_id: i64,
    pub name: String,
    pub product: Option<String>,
    pub deployment: Option<Deployment>,
    pub notes: String,
}

impl From<&Vendor> for VendorSummary {
    fn from(v: &Vendor) -> Self {
        VendorSummary {
            id: v.id,
            evaluation_id: v.evaluation_id,
            name: v.name.clone(),
            product: v.product.clone(),
            deployment: v.deployment,
            notes: v.notes.clone(),
        }
    }
}

/// What the "add vendor" form sends.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
pub struct VendorEdit {
    pub name: String,
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub deployment: Option<Deployment>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// The vendors of an evaluation, in the order they were added.
pub fn vendor_list(store: &Store, evaluation: i64) -> Result<Vec<VendorSummary>> {
    Ok(store
        .vendors(evaluation)?
        .iter()
        .map(VendorSummary::from)
        .collect())
}

/// The vendor as the form gave it: the name trimmed, empty fields absent.
fn new_vendor(edit: &VendorEdit) -> NewVendor {
    NewVendor {
        name: edit.name.trim().to_string(),
        product: nonempty(&edit.product),
        deployment: edit.deployment,
        notes: nonempty(&edit.notes).unwrap_or_default(),
    }
}

/// Adds a vendor; returns the evaluation's vendors.
pub fn add_vendor(
    store: &mut Store,
    evaluation: i64,
    edit: &VendorEdit,
) -> Result<Vec<VendorSummary>> {
    // The store refuses an empty or taken name, in both languages.
    store.add_vendor(evaluation, &new_vendor(edit))?;
    vendor_list(store, evaluation)
}

/// Changes a vendor's name, product, deployment and notes (one transaction with
/// its audit row); returns the evaluation's vendors.
pub fn update_vendor(
    store: &mut Store,
    vendor_id: i64,
    edit: &VendorEdit,
) -> Result<Vec<VendorSummary>> {
    let evaluation = store.vendor(vendor_id)?.evaluation_id;
    store.update_vendor(vendor_id, &new_vendor(edit))?;
    vendor_list(store, evaluation)
}

/// Removes a vendor with its answers (the audit log keeps the record); returns
/// the evaluation's remaining vendors.
pub fn remove_vendor(store: &mut Store, vendor_id: i64) -> Result<Vec<VendorSummary>> {
    let evaluation = store.vendor(vendor_id)?.evaluation_id;
    store.delete_vendor(vendor_id)?;
    vendor_list(store, evaluation)
}
