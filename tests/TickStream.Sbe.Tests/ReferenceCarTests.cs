#if SBE_REFERENCE
using Baseline = Sbe.Reference.Baseline;
using Extension = Sbe.Reference.Extension;
#endif

namespace TickStream.Sbe.Tests;

/// <summary>
/// Byte compatibility with the reference SBE implementation: its Car frames decode to the values listed in the
/// reference data's README, and encoding those values gives the same 207 bytes.
/// </summary>
public sealed class ReferenceCarTests
{
    [Fact]
    public void Baseline_ReferenceCarFrame_DecodesToTheListedValues()
    {
#if SBE_REFERENCE
        var frame = ReferenceData.Read("vectors/car_example_baseline_data.sbe");
        Assert.Equal(207, frame.Length);
        Assert.True(Baseline.CarDecoder.TryWrap(frame, out var car, out var error), error.ToString());
        Assert.Equal(0, car.ActingVersion);
        Assert.Equal(45, car.ActingBlockLength);
        Assert.Equal(1234UL, car.SerialNumber);
        Assert.Equal((ushort)2013, car.ModelYear);
        Assert.Equal(Baseline.BooleanType.T, car.Available);
        Assert.Equal(Baseline.Model.A, car.Code);
        Assert.Equal([1U, 2U, 3U, 4U], Enumerable.Range(0, Baseline.CarDecoder.SomeNumbersLength).Select(i => GetSomeNumber(frame, i)));
        Assert.Equal("abcdef", car.GetVehicleCodeString());
        Assert.Equal(Baseline.OptionalExtras.SportsPack | Baseline.OptionalExtras.CruiseControl, car.Extras);
        Assert.Equal(Baseline.Model.C, Baseline.CarDecoder.DiscountedModel);
        var engine = car.Engine;
        Assert.Equal((ushort)2000, engine.Capacity);
        Assert.Equal((byte)4, engine.NumCylinders);
        Assert.Equal((ushort)9000, Baseline.EngineDecoder.MaxRpm);
        Assert.Equal("123", engine.GetManufacturerCodeString());
        Assert.True(Baseline.EngineDecoder.Fuel.SequenceEqual("Petrol"u8));
        Assert.Equal((sbyte)35, engine.Efficiency);
        Assert.Equal(Baseline.BooleanType.T, engine.BoosterEnabled);
        Assert.Equal(Baseline.BoostType.NITROUS, engine.Booster.BoostType);
        Assert.Equal((byte)200, engine.Booster.HorsePower);

        Assert.True(car.TryGetFuelFigures(out var fuel, out error), error.ToString());
        Assert.Equal(3, fuel.Count);
        (ushort Speed, float Mpg, string Usage)[] expectedFuel = [(30, 35.9f, "Urban Cycle"), (55, 49.0f, "Combined Cycle"), (75, 40.0f, "Highway Cycle")];
        foreach (var (speed, mpg, usage) in expectedFuel)
        {
            Assert.True(fuel.MoveNext());
            Assert.Equal(speed, fuel.Speed);
            Assert.Equal(mpg, fuel.Mpg);
            Assert.True(fuel.TryGetUsageDescription(out var text, out error), error.ToString());
            Assert.Equal(usage, System.Text.Encoding.ASCII.GetString(text));
        }

        Assert.False(fuel.MoveNext());
        Assert.True(car.TryGetPerformanceFigures(out var performance, out error), error.ToString());
        Assert.Equal(2, performance.Count);
        (byte Octane, (ushort Mph, float Seconds)[] Acceleration)[] expectedPerformance =
        [
            (95, [(30, 4.0f), (60, 7.5f), (100, 12.2f)]),
            (99, [(30, 3.8f), (60, 7.1f), (100, 11.8f)]),
        ];
        foreach (var (octane, acceleration) in expectedPerformance)
        {
            Assert.True(performance.MoveNext());
            Assert.Equal(octane, performance.OctaneRating);
            Assert.True(performance.TryGetAcceleration(out var acc, out error), error.ToString());
            Assert.Equal(acceleration.Length, acc.Count);
            foreach (var (mph, seconds) in acceleration)
            {
                Assert.True(acc.MoveNext());
                Assert.Equal(mph, acc.Mph);
                Assert.Equal(seconds, acc.Seconds);
            }

            Assert.False(acc.MoveNext());
        }

        Assert.False(performance.MoveNext());
        Assert.True(car.TryGetManufacturer(out var manufacturer, out _));
        Assert.Equal("Honda", System.Text.Encoding.UTF8.GetString(manufacturer));
        Assert.True(car.TryGetModel(out var model, out _));
        Assert.Equal("Civic VTi", System.Text.Encoding.UTF8.GetString(model));
        Assert.True(car.TryGetActivationCode(out var code, out _));
        Assert.Equal("abcdef", System.Text.Encoding.ASCII.GetString(code));
        Assert.Equal(207, car.EncodedLength);
#else
        Assert.Skip(ReferenceData.MissingMessage);
#endif
    }

    [Fact]
    public void Baseline_ListedValues_EncodeToTheReferenceBytes()
    {
#if SBE_REFERENCE
        var expected = ReferenceData.Read("vectors/car_example_baseline_data.sbe");
        var buffer = new byte[512];
        var length = EncodeBaselineCar(buffer);
        Assert.Equal(207, length);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(buffer, 0, length));
#else
        Assert.Skip(ReferenceData.MissingMessage);
#endif
    }

    [Fact]
    public void Baseline_ReferenceCarFrame_ComputesItsLength()
    {
#if SBE_REFERENCE
        var frame = ReferenceData.Read("vectors/car_example_baseline_data.sbe");
        Assert.True(Baseline.CarDecoder.TryWrap(frame, out var car, out _));
        Assert.True(car.TryComputeLength(out var length, out var error), error.ToString());
        Assert.Equal(207, length);
        for (var cut = 0; cut < frame.Length; cut++)
        {
            var truncated = frame.AsSpan(0, cut).ToArray();
            var complete = Baseline.CarDecoder.TryWrap(truncated, out var partial, out _) && partial.TryComputeLength(out _, out _);
            Assert.False(complete, $"a frame cut to {cut} bytes must not decode completely");
        }
#else
        Assert.Skip(ReferenceData.MissingMessage);
#endif
    }

    [Fact]
    public void Extension_VersionZeroCarFrame_DecodesWithNewFieldsNull()
    {
#if SBE_REFERENCE
        var frame = ReferenceData.Read("vectors/car_example_extension_data.sbe");
        Assert.True(Extension.CarDecoder.TryWrap(frame, out var car, out var error), error.ToString());
        Assert.Equal(0, car.ActingVersion);
        Assert.Equal(1, Extension.CarDecoder.SchemaVersion);
        Assert.True(Extension.CarDecoder.BlockLength > car.ActingBlockLength);
        Assert.Equal(1234UL, car.SerialNumber);
        Assert.Equal(Extension.Model.A, car.Code);
        Assert.Equal(Extension.CarDecoder.UuidNullValue, car.GetUuid(0));
        Assert.Equal(Extension.CarDecoder.UuidNullValue, car.GetUuid(1));
        Assert.Equal(long.MinValue, car.GetUuid(1));
        Assert.False(car.HasCupHolderCount);
        Assert.Equal((byte)255, car.CupHolderCount);
        Assert.Equal(Extension.BoostType.NITROUS, car.Engine.Booster.BoostType);
        Assert.True(car.TryGetFuelFigures(out var fuel, out _));
        Assert.Equal(3, fuel.Count);
        Assert.True(fuel.TrySkip(out _));
        Assert.True(car.TryGetPerformanceFigures(out var performance, out _));
        Assert.True(performance.TrySkip(out _));
        Assert.True(car.TryGetManufacturer(out var manufacturer, out _));
        Assert.Equal("Honda", System.Text.Encoding.UTF8.GetString(manufacturer));
        Assert.True(car.TryGetModel(out _, out _));
        Assert.True(car.TryGetActivationCode(out var code, out _));
        Assert.Equal("abcdef", System.Text.Encoding.ASCII.GetString(code));
        Assert.Equal(207, car.EncodedLength);
#else
        Assert.Skip(ReferenceData.MissingMessage);
#endif
    }

#if SBE_REFERENCE
    private static uint GetSomeNumber(byte[] frame, int index)
    {
        Baseline.CarDecoder.TryWrap(frame, out var car, out _);
        return car.GetSomeNumbers(index);
    }

    private static int EncodeBaselineCar(Span<byte> buffer)
    {
        var car = Baseline.CarEncoder.WrapAndApplyHeader(buffer);
        car.SetSerialNumber(1234);
        car.SetModelYear(2013);
        car.SetAvailable(Baseline.BooleanType.T);
        car.SetCode(Baseline.Model.A);
        car.SetSomeNumbers([1U, 2U, 3U, 4U]);
        car.SetVehicleCode("abcdef");
        car.SetExtras(Baseline.OptionalExtras.SportsPack | Baseline.OptionalExtras.CruiseControl);
        var engine = car.Engine;
        engine.SetCapacity(2000);
        engine.SetNumCylinders(4);
        engine.SetManufacturerCode("123");
        engine.SetEfficiency(35);
        engine.SetBoosterEnabled(Baseline.BooleanType.T);
        engine.Booster.SetBoostType(Baseline.BoostType.NITROUS);
        engine.Booster.SetHorsePower(200);

        var fuel = car.FuelFiguresCount(3);
        fuel.Next();
        fuel.SetSpeed(30);
        fuel.SetMpg(35.9f);
        fuel.SetUsageDescription("Urban Cycle");
        fuel.Next();
        fuel.SetSpeed(55);
        fuel.SetMpg(49.0f);
        fuel.SetUsageDescription("Combined Cycle");
        fuel.Next();
        fuel.SetSpeed(75);
        fuel.SetMpg(40.0f);
        fuel.SetUsageDescription("Highway Cycle");

        var performance = car.PerformanceFiguresCount(2);
        performance.Next();
        performance.SetOctaneRating(95);
        var acc = performance.AccelerationCount(3);
        acc.Next();
        acc.SetMph(30);
        acc.SetSeconds(4.0f);
        acc.Next();
        acc.SetMph(60);
        acc.SetSeconds(7.5f);
        acc.Next();
        acc.SetMph(100);
        acc.SetSeconds(12.2f);
        performance.Next();
        performance.SetOctaneRating(99);
        acc = performance.AccelerationCount(3);
        acc.Next();
        acc.SetMph(30);
        acc.SetSeconds(3.8f);
        acc.Next();
        acc.SetMph(60);
        acc.SetSeconds(7.1f);
        acc.Next();
        acc.SetMph(100);
        acc.SetSeconds(11.8f);

        car.SetManufacturer("Honda");
        car.SetModel("Civic VTi");
        car.SetActivationCode("abcdef");
        return car.EncodedLength;
    }
#endif
}
