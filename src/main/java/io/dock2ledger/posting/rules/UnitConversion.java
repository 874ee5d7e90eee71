package io.dock2ledger.posting.rules;

import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.posting.documents.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Quantities and prices between an item's units and its base unit, with the factors of master data
 * ({@code uom_conversions.csv}). Base quantities keep 4 decimals, like the database.
 */
public final class UnitConversion {

    public static final int QUANTITY_SCALE = 4;

    private final MasterData masterData;

    public UnitConversion(MasterData masterData) {
        this.masterData = masterData;
    }

    /** Quantity in base units, or empty when master data has no conversion for this item and unit. */
    public Optional<BigDecimal> toBase(String sku, BigDecimal quantity, String uom) {
        return masterData.baseUnitsPer(sku, uom).map(per -> toBase(quantity, per));
    }

    /** Price (or cost) per base unit, or empty when master data has no conversion for this item and unit. */
    public Optional<BigDecimal> perBaseUnit(String sku, BigDecimal price, String uom) {
        return masterData.baseUnitsPer(sku, uom).map(per -> perBaseUnit(price, per));
    }

    public static BigDecimal toBase(BigDecimal quantity, BigDecimal baseUnitsPer) {
        return quantity.multiply(baseUnitsPer).setScale(QUANTITY_SCALE, RoundingMode.HALF_UP);
    }

    /** Quantity in a larger unit; keeps 34 significant digits so that converting back gives the base quantity. */
    public static BigDecimal fromBase(BigDecimal baseQuantity, BigDecimal baseUnitsPer) {
        return baseQuantity.divide(baseUnitsPer, Money.INTERMEDIATE);
    }

    /** A unit price divided into base units; kept at high precision, line amounts round once (see Money). */
    public static BigDecimal perBaseUnit(BigDecimal price, BigDecimal baseUnitsPer) {
        BigDecimal perUnit = price.divide(baseUnitsPer, Money.INTERMEDIATE);
        return perUnit.scale() > 8 ? perUnit.setScale(8, RoundingMode.HALF_UP) : perUnit;
    }
}
